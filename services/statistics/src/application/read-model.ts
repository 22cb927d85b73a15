import { applyOnce } from "@mediation/bus";
import { type Event, InvalidArgument, shanghaiMonth } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { MONTHLY_COUNTS } from "../adapters/store/collections.js";
import { isMonth, type MonthCounts, type MonthlyReport, monthlyReport, ZERO_COUNTS } from "../domain/monthly-report.js";
import { type Fact, tally } from "../domain/tally.js";

type CountsDoc = MonthCounts & { month: string; scope: string };

const docId = (month: string, scope: string) => `${month}|${scope}`;

/** Applies a fact's counts exactly once per event: the event id commits with the increments. */
export function recordFact(store: DocumentStore, event: Event, fact: Fact): Promise<boolean> {
  const month = shanghaiMonth(fact.at);
  return applyOnce(store, event, async (tx) => {
    const counts = tx.collection<CountsDoc>(MONTHLY_COUNTS.name);
    for (const { scope, deltas } of tally(fact)) {
      await counts.increment(docId(month, scope), deltas as Record<string, number>, { ...ZERO_COUNTS, month, scope });
    }
  });
}

export async function getMonthlyReport(store: DocumentStore, month: string, centreCode: string): Promise<MonthlyReport> {
  if (!isMonth(month)) throw new InvalidArgument([{ field: "month", problem: `must be YYYY-MM, e.g. 2026-11; got "${month}"` }]);
  const scope = centreCode ? `centre:${centreCode}` : "district";
  const doc = await store.collection<CountsDoc>(MONTHLY_COUNTS.name).get(docId(month, scope));
  const counts: MonthCounts = { ...ZERO_COUNTS };
  if (doc) for (const key of Object.keys(ZERO_COUNTS) as (keyof MonthCounts)[]) counts[key] = doc[key] ?? 0;
  return monthlyReport(month, centreCode, counts);
}
