// A rebuild's comparison of the live read model with the one it counted from the history. It holds
// neither whole in memory, however long the history: the counts are read from both a page at a
// time in id order and walked side by side, and of the disputes' owner records only those still
// waiting for an owner are read (a record waiting for none is the same, "", in both or not at all).
// The pages are read one after another, not in one snapshot: what is counted live meanwhile may
// show as a difference, as the rebuild says of events arriving during its replay.
import type { CollectionSpec, DocumentStore, Stored } from "@mediation/store";
import { DISPUTE_OWNERS, MONTHLY_COUNTS, SCOPE_TOTALS } from "./collections.js";
import { CORRECTION, numbers } from "./counts.js";
import { isFilingMark } from "./scope-totals.js";

export interface Difference {
  month: string;
  scope: string;
  figure: string;
  live: number;
  rebuilt: number;
}

/** Documents read at a time from each model. */
const PAGE = 1000;

/**
 * Where the rebuilt counts differ from the live ones (corrections are bookkeeping of publication, not
 * counts), then the scopes' running totals and the disputes' owners, which are not per month (month "").
 */
export async function compareReadModels(live: DocumentStore, rebuilt: DocumentStore, page = PAGE): Promise<Difference[]> {
  const differences: Difference[] = [];
  for await (const [l, r] of sideBySide(live, rebuilt, MONTHLY_COUNTS, page)) {
    const doc = (l ?? r) as Stored<{ month: string; scope: string }>;
    if (doc.scope.startsWith(CORRECTION)) continue;
    const [lc, rc] = [numbers(l), numbers(r)];
    for (const figure of new Set([...Object.keys(lc), ...Object.keys(rc)])) {
      const [lv, rv] = [lc[figure] ?? 0, rc[figure] ?? 0];
      if (lv !== rv) differences.push({ month: doc.month, scope: doc.scope, figure, live: lv, rebuilt: rv });
    }
  }
  differences.push(...(await compareTotals(live, rebuilt)), ...(await compareOwners(live, rebuilt)));
  return differences.sort((x, y) => `${x.month}${x.scope}${x.figure}`.localeCompare(`${y.month}${y.scope}${y.figure}`));
}

/** A collection's documents in id order, read a page at a time. */
async function* inIdOrder<T extends object>(store: DocumentStore, spec: CollectionSpec<T>, page: number): AsyncGenerator<Stored<T>> {
  for (let after: string | undefined; ; ) {
    const found = await store
      .collection(spec)
      .find({ ...(after === undefined ? {} : { range: { field: "id", gt: after } }), sort: { field: "id" }, limit: page });
    yield* found;
    if (found.length < page) return;
    after = found.at(-1)?.id;
  }
}

/** Both models' documents of a collection, paired by id: [live, rebuilt], either missing where the other model has none. */
async function* sideBySide<T extends object>(
  live: DocumentStore,
  rebuilt: DocumentStore,
  spec: CollectionSpec<T>,
  page: number,
): AsyncGenerator<[Stored<T> | undefined, Stored<T> | undefined]> {
  const [a, b] = [inIdOrder(live, spec, page), inIdOrder(rebuilt, spec, page)];
  let [x, y] = [await a.next(), await b.next()];
  while (!x.done || !y.done) {
    const order = x.done ? 1 : y.done ? -1 : byteOrder(x.value.id, y.value.id);
    yield [order <= 0 ? (x.value as Stored<T>) : undefined, order >= 0 ? (y.value as Stored<T>) : undefined];
    if (order <= 0) x = await a.next();
    if (order >= 0) y = await b.next();
  }
}

/** Ids in the order both stores keep them (SQLite and MongoDB compare strings by their UTF-8 bytes). */
const byteOrder = (a: string, b: string) => (a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b)));

/**
 * Scopes whose running total (scope_totals, which a month's backlog is read from) differs: figure
 * `running_total:accepted` or `running_total:closed`. A total that drifted from its counts shows here
 * even when every monthly count agrees. One document per scope, not per month or dispute.
 */
async function compareTotals(live: DocumentStore, rebuilt: DocumentStore): Promise<Difference[]> {
  const load = async (store: DocumentStore) =>
    new Map((await store.collection(SCOPE_TOTALS).find()).filter((d) => !isFilingMark(d.id)).map((d) => [d.scope, d] as const));
  const [a, b] = [await load(live), await load(rebuilt)];
  const differences: Difference[] = [];
  for (const scope of new Set([...a.keys(), ...b.keys()]))
    for (const field of ["accepted", "closed"] as const) {
      const [lv, rv] = [a.get(scope)?.[field] ?? 0, b.get(scope)?.[field] ?? 0];
      if (lv !== rv) differences.push({ month: "", scope, figure: `running_total:${field}`, live: lv, rebuilt: rv });
    }
  return differences;
}

/** Disputes whose "waiting for an owner" state differs (scope `owner:<dispute id>`, figure `waiting:<kind>`, 1 or 0). */
async function compareOwners(live: DocumentStore, rebuilt: DocumentStore): Promise<Difference[]> {
  // Waiting for some owner: any kind but "" (through the `waiting` index, in both models).
  const load = async (store: DocumentStore) =>
    new Map(
      (await store.collection(DISPUTE_OWNERS).find({ range: { field: "waiting", gt: "" } })).map(
        (r) => [r.id, `${r.waiting}|${r.since}`] as const,
      ),
    );
  const [a, b] = [await load(live), await load(rebuilt)];
  const differences: Difference[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const [l, r] = [a.get(id) ?? "|", b.get(id) ?? "|"];
    if (l === r) continue;
    for (const kind of new Set([l.split("|")[0], r.split("|")[0]].filter(Boolean))) {
      const has = (state: string) => (state.split("|")[0] === kind ? 1 : 0);
      differences.push({ month: "", scope: `owner:${id}`, figure: `waiting:${kind}`, live: has(l), rebuilt: has(r) });
    }
    if (l.split("|")[0] === r.split("|")[0])
      differences.push({ month: "", scope: `owner:${id}`, figure: "waiting_since", live: 1, rebuilt: 1 });
  }
  return differences;
}
