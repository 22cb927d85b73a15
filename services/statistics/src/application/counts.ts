// Counting: every event's effect exactly once, into pre-aggregated counts per month and scope.
import { applyOnce } from "@mediation/bus/outbox";
import { type Event, shanghaiMonth, shiftMonth } from "@mediation/contracts";
import type { Collections, DocumentStore } from "@mediation/store";
import type { Counts, Fact } from "../domain/tally.js";
import { tally } from "../domain/tally.js";
import { MONTH_GUARDS, MONTHLY_COUNTS, PUBLISHED_MONTHS } from "./collections.js";

export type CountsDoc = { month: string; scope: string; [field: string]: number | string };
export const docId = (month: string, scope: string) => `${month}|${scope}`;
export const rootOf = (centreCode: string) => (centreCode ? `centre:${centreCode}` : "district");
export const CORRECTION = "correction:";

export function numbers(doc: Record<string, unknown> | undefined): Counts {
  const counts: Counts = {};
  for (const [k, v] of Object.entries(doc ?? {})) if (typeof v === "number" && k !== "version") counts[k] = v;
  return counts;
}

export async function isPublished(tx: Collections, month: string): Promise<boolean> {
  return (await tx.collection(PUBLISHED_MONTHS).get(month)) !== undefined;
}

/**
 * Applies a fact's counts exactly once per event (its id commits with the increments). The month's
 * own counts always take it; when that month is already published, the published report stays as
 * it was and the change is also counted as a correction in the first month not yet published.
 */
export function recordFact(store: DocumentStore, event: Event, fact: Fact): Promise<boolean> {
  const month = shanghaiMonth(fact.at);
  return applyOnce(store, event, async (tx) => {
    // Conflicts with a concurrent freeze of this month, which writes the same guard.
    await tx.collection(MONTH_GUARDS).increment(month, { counted: 1 }, { counted: 0, frozen: 0 });
    const counts = tx.collection(MONTHLY_COUNTS);
    const increments = tally(fact);
    for (const { scope, deltas } of increments) await counts.increment(docId(month, scope), deltas, { month, scope });
    if (!(await isPublished(tx, month))) return;
    let reportedIn = shiftMonth(month, 1);
    while (await isPublished(tx, reportedIn)) reportedIn = shiftMonth(reportedIn, 1);
    for (const { scope, deltas } of increments.filter((i) => i.scope === "district" || /^centre:[^/]+$/.test(i.scope))) {
      const correctionScope = `${CORRECTION}${month}|${scope}`;
      await counts.increment(docId(reportedIn, correctionScope), deltas, { month: reportedIn, scope: correctionScope });
    }
  });
}
