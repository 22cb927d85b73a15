// Respondent sightings only matter inside the risk window (docs/architecture.md#pruning): older
// ones are removed in batches, a transaction each, until none is left, so that the table holds
// about one window of disputes at any event rate.

import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import type { Policy } from "../domain/policy.js";
import { SIGHTINGS } from "./collections.js";

const DAY_MS = 86_400_000;
const CHUNK = 1_000;
/** Kept a day past the window, for a dispute that is routed a little after it was submitted. */
const MARGIN_DAYS = 1;

/** Removes the sightings older than the policy's same-respondent window (and a day); returns how many. */
export async function pruneSightings(store: DocumentStore, policy: Policy, now: Date): Promise<number> {
  const before = new Date(now.getTime() - (policy.risk.sameRespondent.withinDays + MARGIN_DAYS) * DAY_MS).toISOString();
  let removed = 0;
  for (;;) {
    const chunk = await store.transaction(async (tx) => {
      const sightings = tx.collection(SIGHTINGS);
      const old = await sightings.find({ range: { field: "submittedAt", lt: before }, limit: CHUNK });
      for (const s of old) if (await sightings.delete(s.id, s.version)) removed++;
      return old.length;
    });
    if (chunk < CHUNK) return removed;
  }
}

/** Prunes now and every `everyMs`; a failure is logged and the next run tries again. Returns stop. */
export function startSightingPruning(store: DocumentStore, policy: () => Policy, logger: Logger, everyMs = 5 * 60_000): () => void {
  const run = () =>
    pruneSightings(store, policy(), new Date()).then(
      (removed) => removed && logger.info({ removed }, "respondent sightings older than the risk window removed"),
      (error: Error) => logger.warn({ err: error.message }, "pruning sightings failed; the next run tries again"),
    );
  void run();
  const timer = setInterval(run, everyMs);
  return () => clearInterval(timer);
}
