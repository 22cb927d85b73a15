// Key rotation (docs/architecture.md#key-rotation): every data key still wrapped by an older key-encryption key is
// unwrapped and wrapped again by the newest. The data keys themselves do not change, so every sealed value stays
// as it is and opens throughout. Each data key moves in its own transaction at its version: a service writing at
// the same time is never blocked, and a run that stops is simply run again (what moved is no longer found).
import { VersionConflict } from "../errors.js";
import type { DocumentStore } from "../port.js";
import { DATA_KEYS } from "./envelope.js";
import type { KeyRing } from "./key-ring.js";

export interface ResealProgress {
  /** Data keys moved to the newest key in this run. */
  moved: number;
  /** Data keys wrapped by an older key when the run started. */
  total: number;
}

export interface ResealResult extends ResealProgress {
  newestId: string;
  /** Data keys wrapped by a key this configuration does not hold (they cannot be moved). */
  unknown: number;
}

export async function resealDataKeys(
  store: DocumentStore,
  ring: KeyRing,
  options: { batch?: number; onProgress?: (p: ResealProgress) => void } = {},
): Promise<ResealResult> {
  const keys = store.collection(DATA_KEYS);
  const batch = options.batch ?? 100;
  let total = 0;
  for (const old of ring.olderIds) total += await keys.count({ where: { kekId: old } });
  let moved = 0;
  for (const old of ring.olderIds) {
    for (;;) {
      const rows = await keys.find({ where: { kekId: old }, limit: batch });
      if (rows.length === 0) break;
      for (const row of rows) {
        const done = await store
          .transaction(async (tx) => {
            const current = await tx.collection(DATA_KEYS).get(row.id);
            if (!current || current.kekId !== old) return false; // moved or erased meanwhile
            const { id: _id, version, ...doc } = current;
            const { keyId, box } = ring.encrypt(ring.decrypt(old, doc.wrapped));
            await tx.collection(DATA_KEYS).put(row.id, { ...doc, kekId: keyId, wrapped: box }, version);
            return true;
          })
          .catch((error: unknown) => {
            if (error instanceof VersionConflict) return false; // changed meanwhile: found again if still old
            throw error;
          });
        if (done) moved += 1;
      }
      options.onProgress?.({ moved, total });
    }
  }
  const all = await keys.count();
  const settled = (await keys.count({ where: { kekId: ring.newestId } })) + (await keys.count({ where: { kekId: "" } }));
  return { moved, total, newestId: ring.newestId, unknown: all - settled };
}
