// The running totals of each scope (collections.ts SCOPE_TOTALS) are kept by counting. A read model
// counted before they existed gets them once, at start, from its monthly counts, before the consumer
// counts anything. This is done in pieces, a transaction each, so that no transaction reads the whole
// history (MongoDB bounds a transaction's size and time): a piece reads a page of monthly counts in
// scope order, sets the totals of the scopes it read whole, and moves a mark to the last of them in
// the same transaction. A crash midway therefore leaves whole scopes filed and the mark after the last
// one, and the next start goes on from there. When no scope is left, a second mark records that filing
// is done, so later starts read one document.
import type { Collections, DocumentStore } from "@mediation/store";
import { MONTHLY_COUNTS, SCOPE_TOTALS } from "./collections.js";
import { backlogDeltas, CORRECTION, numbers } from "./counts.js";

/** The marks' ids: no scope is named so (scopes are `district`, `centre:…`, `category:…` and the like). */
const FILED = "(filed)";
const FILING = "(filing)";

/** Monthly count documents a piece reads at most; a scope has one a month, so a page holds many whole scopes. */
const PAGE = 1_000;

/** Whether a scope_totals document is one of filing's marks rather than a scope's total. */
export const isFilingMark = (id: string) => id === FILED || id === FILING;

export interface FilingOptions {
  /** Monthly count documents a piece reads at most (default 1,000). */
  pageSize?: number;
  /** Called inside each piece's transaction once its totals are written, with the scopes it filed (tests fail a piece here). */
  inPiece?: (scopes: string[]) => void | Promise<void>;
}

/** Fills the scope totals from the monthly counts if this store has not had them yet; returns the scopes filed by this call. */
export async function fileScopeTotals(store: DocumentStore, options: FilingOptions = {}): Promise<number> {
  let filed = 0;
  for (;;) {
    const piece = await store.transaction((tx) => filePiece(tx, options));
    if (piece === "done") return filed;
    filed += piece;
  }
}

/** One piece: the next page of scopes after the mark, or the mark that filing is done when none is left. */
async function filePiece(tx: Collections, { pageSize = PAGE, inPiece }: FilingOptions): Promise<number | "done"> {
  const totals = tx.collection(SCOPE_TOTALS);
  if (await totals.get(FILED)) return "done";
  const mark = await totals.get(FILING);
  const counts = tx.collection(MONTHLY_COUNTS);
  let page = await counts.find({ range: { field: "scope", gt: mark?.through ?? "" }, sort: { field: "scope" }, limit: pageSize });
  const last = page.at(-1)?.scope;
  if (last === undefined) {
    await totals.put(FILED, { scope: FILED, accepted: 0, closed: 0 }, 0);
    if (mark) await totals.delete(FILING, mark.version);
    await inPiece?.([]);
    return "done";
  }
  if (page.length === pageSize) {
    // The page may end inside its last scope: that scope waits for the next piece, unless it is the only one here.
    const whole = page.filter((d) => d.scope !== last);
    page = whole.length ? whole : await counts.find({ where: { scope: last } });
  }
  const sums = new Map<string, { accepted: number; closed: number }>();
  for (const doc of page) {
    if (doc.scope.startsWith(CORRECTION)) continue;
    const moved = backlogDeltas(numbers(doc));
    if (!moved) continue;
    const sum = sums.get(doc.scope) ?? { accepted: 0, closed: 0 };
    sums.set(doc.scope, { accepted: sum.accepted + (moved.accepted ?? 0), closed: sum.closed + (moved.closed ?? 0) });
  }
  // Set, not added to: a scope filed twice has the same total.
  for (const [scope, sum] of sums) await totals.put(scope, { scope, ...sum }, (await totals.get(scope))?.version ?? 0);
  const through = page.at(-1)?.scope ?? last;
  await totals.put(FILING, { scope: FILING, accepted: 0, closed: 0, through }, mark?.version ?? 0);
  await inPiece?.([...sums.keys()]);
  return sums.size;
}
