import type { DocumentStore } from "@mediation/store";
import { DISPUTE_OWNERS, MONTHLY_COUNTS, SCOPE_TOTALS } from "./collections.js";
import { CORRECTION, numbers } from "./counts.js";
import { isFilingMark } from "./scope-totals.js";

export interface RebuildResult {
  eventsReplayed: number;
  differences: Difference[];
}

/** The whole event history counted into a fresh read model, to compare with the live one and then discard. */
export interface Replayed {
  eventsReplayed: number;
  model: DocumentStore;
  discard(): Promise<void>;
}

/**
 * Replays the whole event history into a fresh read model (adapters/rebuild: with the same code as
 * live counting) and compares it with the live one. The live model is not changed. Events that
 * arrive during the replay may show as differences.
 */
export async function rebuildAndCompare(live: DocumentStore, replay: () => Promise<Replayed>): Promise<RebuildResult> {
  const replayed = await replay();
  try {
    return { eventsReplayed: replayed.eventsReplayed, differences: await compareReadModels(live, replayed.model) };
  } finally {
    await replayed.discard();
  }
}

export interface Difference {
  month: string;
  scope: string;
  figure: string;
  live: number;
  rebuilt: number;
}

/**
 * Where the rebuilt counts differ from the live ones (corrections are bookkeeping of publication, not
 * counts), then the scopes' running totals and the disputes' owners, which are not per month (month "").
 */
export async function compareReadModels(live: DocumentStore, rebuilt: DocumentStore): Promise<Difference[]> {
  const load = async (store: DocumentStore) =>
    new Map(
      (await store.collection(MONTHLY_COUNTS).find())
        .filter((d) => !d.scope.startsWith(CORRECTION))
        .map((d) => [d.id, { month: d.month, scope: d.scope, counts: numbers(d) }] as const),
    );
  const [a, b] = [await load(live), await load(rebuilt)];
  const differences: Difference[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const l = a.get(id);
    const r = b.get(id);
    const fields = new Set([...Object.keys(l?.counts ?? {}), ...Object.keys(r?.counts ?? {})]);
    for (const figure of fields) {
      const [lv, rv] = [l?.counts[figure] ?? 0, r?.counts[figure] ?? 0];
      if (lv !== rv) differences.push({ month: (l ?? r)?.month ?? "", scope: (l ?? r)?.scope ?? "", figure, live: lv, rebuilt: rv });
    }
  }
  differences.push(...(await compareTotals(live, rebuilt)), ...(await compareOwners(live, rebuilt)));
  return differences.sort((x, y) => `${x.month}${x.scope}${x.figure}`.localeCompare(`${y.month}${y.scope}${y.figure}`));
}

/**
 * Scopes whose running total (scope_totals, which a month's backlog is read from) differs: figure
 * `running_total:accepted` or `running_total:closed`. A total that drifted from its counts shows here
 * even when every monthly count agrees.
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
  const load = async (store: DocumentStore) =>
    new Map((await store.collection(DISPUTE_OWNERS).find()).map((r) => [r.id, `${r.waiting}|${r.since}`] as const));
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
