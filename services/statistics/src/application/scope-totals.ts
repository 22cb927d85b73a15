// The running totals of each scope (collections.ts SCOPE_TOTALS) are kept by counting. A read model
// counted before they existed gets them once, at start, from its monthly counts, before the consumer
// counts anything; a marker records that this was done, so later starts read one document.
import type { DocumentStore } from "@mediation/store";
import { MONTHLY_COUNTS, SCOPE_TOTALS } from "./collections.js";
import { backlogDeltas, CORRECTION, numbers } from "./counts.js";

/** The marker's id: no scope is named so (scopes are `district`, `centre:…`, `category:…` and the like). */
const FILED = "(filed)";

/** Whether a scope_totals document is filing's own mark rather than a scope's total. */
export const isFilingMark = (id: string) => id === FILED;

/** Fills the scope totals from the monthly counts if this store has never had them; returns the scopes filed. */
export async function fileScopeTotals(store: DocumentStore): Promise<number> {
  return store.transaction(async (tx) => {
    const totals = tx.collection(SCOPE_TOTALS);
    if (await totals.get(FILED)) return 0;
    const sums = new Map<string, Record<string, number>>();
    for (const doc of await tx.collection(MONTHLY_COUNTS).find()) {
      if (doc.scope.startsWith(CORRECTION)) continue;
      const moved = backlogDeltas(numbers(doc));
      if (!moved) continue;
      const sum = sums.get(doc.scope) ?? {};
      for (const [field, n] of Object.entries(moved)) sum[field] = (sum[field] ?? 0) + n;
      sums.set(doc.scope, sum);
    }
    for (const [scope, sum] of sums) await totals.increment(scope, sum, { scope, accepted: 0, closed: 0 });
    await totals.put(FILED, { scope: FILED, accepted: 0, closed: 0 }, 0);
    return sums.size;
  });
}
