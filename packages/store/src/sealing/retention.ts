// Retention (docs/domain-rules.md#retention): when an owner's retention period has ended, its data key is
// destroyed and a tombstone kept (crypto-shredding). Its sealed values stay in the store and can never be opened
// again; what was never personal (codes, times, counts) is untouched.
import { VersionConflict } from "../errors.js";
import type { DocumentStore } from "../port.js";
import { DATA_KEYS } from "./envelope.js";

/** Erases every data key whose `eraseAfter` has passed; returns the owners erased. */
export async function eraseExpired(store: DocumentStore, now: Date, batch = 100): Promise<string[]> {
  const erased: string[] = [];
  for (;;) {
    const due = await store
      .collection(DATA_KEYS)
      .find({ range: { field: "eraseAfter", gt: "", lte: now.toISOString() }, sort: { field: "eraseAfter" }, limit: batch });
    if (due.length === 0) return erased;
    for (const row of due) {
      await store
        .transaction(async (tx) => {
          const current = await tx.collection(DATA_KEYS).get(row.id);
          if (!current || current.erasedAt || !current.eraseAfter || current.eraseAfter > now.toISOString()) return;
          await tx
            .collection(DATA_KEYS)
            .put(
              row.id,
              { kekId: "", wrapped: "", createdAt: current.createdAt, eraseAfter: "", erasedAt: now.toISOString() },
              current.version,
            );
          erased.push(row.id);
        })
        .catch((error: unknown) => {
          if (!(error instanceof VersionConflict)) throw error;
        });
    }
  }
}

/**
 * Runs the erasure at once and then every `everyMs`; `erased` hears the owners erased each time (to drop what else
 * points at them). Returns the stop function. A failed run is reported to `failed` and tried again next time.
 */
export function startErasureSweep(
  store: DocumentStore,
  everyMs: number,
  hooks: { erased?(owners: string[]): Promise<void>; failed?(error: Error): void; now?: () => Date },
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(async () => {
        const owners = await eraseExpired(store, (hooks.now ?? (() => new Date()))());
        if (owners.length > 0) await hooks.erased?.(owners);
      })
      .catch((error: unknown) => hooks.failed?.(error as Error));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
