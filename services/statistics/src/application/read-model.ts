// The read model: counts every event's effect exactly once, assembles reports from pre-aggregated
// counts, freezes them at month end, and can be rebuilt from the event history.
import { addToOutbox, applyOnce } from "@mediation/bus";
import {
  CENTRE_CODE,
  type Event,
  events,
  FailedPrecondition,
  InvalidArgument,
  MONTH_PATTERN,
  newEvent,
  shanghaiMonth,
  shiftMonth,
} from "@mediation/contracts";
import type { Collections, DocumentStore } from "@mediation/store";
import { type Figures, figuresOf } from "../domain/figures.js";
import { compare, contentHash, DEFINITIONS, type MonthlyReport } from "../domain/monthly-report.js";
import { type Counts, DIMENSIONS, type Fact, tally } from "../domain/tally.js";
import { MONTHLY_COUNTS, PUBLISHED_MONTHS, PUBLISHED_REPORTS } from "./collections.js";

type CountsDoc = { month: string; scope: string; [field: string]: number | string };
type PublishedReport = { month: string; scope: string; report: string; contentHash: string; publishedAt: string };

const docId = (month: string, scope: string) => `${month}|${scope}`;
const rootOf = (centreCode: string) => (centreCode ? `centre:${centreCode}` : "district");
const CORRECTION = "correction:";

function numbers(doc: Record<string, unknown> | undefined): Counts {
  const counts: Counts = {};
  for (const [k, v] of Object.entries(doc ?? {})) if (typeof v === "number" && k !== "version") counts[k] = v;
  return counts;
}

async function isPublished(tx: Collections, month: string): Promise<boolean> {
  return (await tx.collection(PUBLISHED_MONTHS.name).get(month)) !== undefined;
}

/**
 * Applies a fact's counts exactly once per event (its id commits with the increments). The month's
 * own counts always take it; when that month is already published, the published report stays as
 * it was and the change is also counted as a correction in the first month not yet published.
 */
export function recordFact(store: DocumentStore, event: Event, fact: Fact): Promise<boolean> {
  const month = shanghaiMonth(fact.at);
  return applyOnce(store, event, async (tx) => {
    const counts = tx.collection<CountsDoc>(MONTHLY_COUNTS.name);
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

/** Accepted and not closed at the end of `month`: a sum over months, not over disputes. */
async function backlogAt(tx: Collections, scope: string, month: string): Promise<number> {
  const docs = await tx.collection<CountsDoc>(MONTHLY_COUNTS.name).find({ where: { scope }, range: { field: "month", lte: month } });
  return docs.map(numbers).reduce((sum, d) => sum + (d.accepted ?? 0) - (d.closed ?? 0), 0);
}

async function figuresFor(tx: Collections, month: string, scope: string, doc?: CountsDoc): Promise<Figures | undefined> {
  const found = doc ?? (await tx.collection<CountsDoc>(MONTHLY_COUNTS.name).get(docId(month, scope)));
  const backlog = await backlogAt(tx, scope, month);
  if (!found && backlog === 0) return undefined;
  return figuresOf(numbers(found), backlog);
}

/** Figures of another month for comparison: as published, if it was. */
async function comparisonFigures(tx: Collections, month: string, root: string): Promise<Figures | undefined> {
  const published = await tx.collection<PublishedReport>(PUBLISHED_REPORTS.name).get(docId(month, root));
  if (published) return (JSON.parse(published.report) as MonthlyReport).figures;
  return figuresFor(tx, month, root);
}

/** The report from the live counts. Reads one document per scope of the month, whatever the volume. */
export async function liveReport(tx: Collections, month: string, centreCode: string): Promise<MonthlyReport> {
  const root = rootOf(centreCode);
  const docs = (await tx.collection<CountsDoc>(MONTHLY_COUNTS.name).find({ where: { month } })).map(
    ({ id: _i, version: _v, ...d }) => d as CountsDoc,
  );
  const byScope = new Map(docs.map((d) => [d.scope, d]));
  const figures = figuresOf(numbers(byScope.get(root)), await backlogAt(tx, root, month));
  const dimensions = centreCode ? DIMENSIONS.filter((d) => d !== "centre") : DIMENSIONS;
  const breakdowns = [];
  for (const dimension of dimensions) {
    const prefix = centreCode ? `${root}/${dimension}:` : `${dimension}:`;
    const rows = [];
    // A district breakdown by centre must not take the centre's own breakdowns ("centre:JD01/category:...").
    const rowsOf = docs.filter((doc) => doc.scope.startsWith(prefix) && !doc.scope.slice(prefix.length).includes("/"));
    for (const d of rowsOf.sort((a, b) => a.scope.localeCompare(b.scope))) {
      rows.push({ key: d.scope.slice(prefix.length), figures: (await figuresFor(tx, month, d.scope, d)) as Figures });
    }
    breakdowns.push({ dimension, rows });
  }
  const corrections = docs
    .filter((d) => d.scope.startsWith(CORRECTION) && d.scope.endsWith(`|${root}`))
    .map((d) => ({ month: d.scope.slice(CORRECTION.length, CORRECTION.length + 7), delta: figuresOf(numbers(d), 0) }))
    .sort((a, b) => a.month.localeCompare(b.month));
  const history = await tx.collection<CountsDoc>(MONTHLY_COUNTS.name).find({
    where: { scope: root },
    range: { field: "month", gte: shiftMonth(month, -11) },
  });
  const successRateHistory = Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11)).map((m) => {
    const doc = history.find((h) => h.month === m);
    return { month: m, successRatePercent: figuresOf(numbers(doc), 0).successRatePercent };
  });
  const previous = shiftMonth(month, -1);
  const yearAgo = shiftMonth(month, -12);
  return {
    month,
    centreCode,
    figures,
    breakdowns,
    previousMonth: compare(figures, previous, await comparisonFigures(tx, previous, root)),
    sameMonthLastYear: compare(figures, yearAgo, await comparisonFigures(tx, yearAgo, root)),
    corrections,
    definitions: DEFINITIONS,
    successRateHistory,
    published: false,
    contentHash: "",
    publishedAt: "",
  };
}

function checkMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new InvalidArgument([{ field: "month", problem: `must be YYYY-MM, e.g. 2026-11; got "${month}"` }]);
}

/** The published report when the month was published, else the live one. */
export async function getMonthlyReport(store: DocumentStore, month: string, centreCode: string): Promise<MonthlyReport> {
  checkMonth(month);
  if (centreCode && !CENTRE_CODE.test(centreCode))
    throw new InvalidArgument([{ field: "centre_code", problem: "2-16 upper-case letters or digits" }]);
  const published = await store.collection<PublishedReport>(PUBLISHED_REPORTS.name).get(docId(month, rootOf(centreCode)));
  if (published) return JSON.parse(published.report) as MonthlyReport;
  return liveReport(store, month, centreCode);
}

export interface PublishResult {
  contentHash: string;
  publishedAt: string;
  alreadyPublished: boolean;
}

/**
 * Freezes an ended month: the district's and each centre's report become immutable snapshots with
 * a content hash, and `report.monthly_published` goes out. Publishing again changes nothing.
 */
export async function publishMonth(store: DocumentStore, month: string, now: Date, eventsStored: () => void): Promise<PublishResult> {
  checkMonth(month);
  if (month >= shanghaiMonth(now))
    throw new FailedPrecondition(`${month} has not ended yet in Asia/Shanghai; it can be published from the 1st of the next month`);
  const result = await store.transaction(async (tx): Promise<PublishResult> => {
    const marker = await tx.collection<{ contentHash: string; publishedAt: string }>(PUBLISHED_MONTHS.name).get(month);
    if (marker) return { contentHash: marker.contentHash, publishedAt: marker.publishedAt, alreadyPublished: true };
    const publishedAt = now.toISOString();
    const centres = (await tx.collection<CountsDoc>(MONTHLY_COUNTS.name).find({ where: { month } }))
      .map((d) => d.scope)
      .filter((s) => /^centre:[^/]+$/.test(s))
      .map((s) => s.slice("centre:".length));
    let districtHash = "";
    for (const centreCode of ["", ...centres]) {
      const report = await liveReport(tx, month, centreCode);
      const frozen: MonthlyReport = { ...report, published: true, publishedAt };
      frozen.contentHash = contentHash(frozen);
      if (!centreCode) districtHash = frozen.contentHash;
      await tx
        .collection<PublishedReport>(PUBLISHED_REPORTS.name)
        .put(
          docId(month, rootOf(centreCode)),
          { month, scope: rootOf(centreCode), report: JSON.stringify(frozen), contentHash: frozen.contentHash, publishedAt },
          0,
        );
    }
    await tx.collection(PUBLISHED_MONTHS.name).put(month, { contentHash: districtHash, publishedAt }, 0);
    await addToOutbox(tx, [
      newEvent(
        {
          $case: "reportMonthlyPublished",
          value: events.ReportMonthlyPublished.fromPartial({ month, contentHash: districtHash, publishedAt: now, centreCodes: centres }),
        },
        { correlationId: `report:${month}`, causationId: "month-end" },
        now,
      ),
    ]);
    return { contentHash: districtHash, publishedAt, alreadyPublished: false };
  });
  if (!result.alreadyPublished) eventsStored();
  return result;
}

/** The months that have counts but are not published, before `beforeMonth`: what a missed month-end job left. */
export async function unpublishedMonths(store: DocumentStore, beforeMonth: string): Promise<string[]> {
  const months = new Set(
    (
      await store
        .collection<CountsDoc>(MONTHLY_COUNTS.name)
        .find({ where: { scope: "district" }, range: { field: "month", lt: beforeMonth } })
    ).map((d) => d.month),
  );
  const open: string[] = [];
  for (const month of [...months].sort()) if (!(await isPublished(store, month))) open.push(month);
  return open;
}

export interface Difference {
  month: string;
  scope: string;
  figure: string;
  live: number;
  rebuilt: number;
}

/** Where the rebuilt counts differ from the live ones (corrections are bookkeeping of publication, not counts). */
export async function compareReadModels(live: DocumentStore, rebuilt: DocumentStore): Promise<Difference[]> {
  const load = async (store: DocumentStore) =>
    new Map(
      (await store.collection<CountsDoc>(MONTHLY_COUNTS.name).find())
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
  return differences.sort((x, y) => `${x.month}${x.scope}${x.figure}`.localeCompare(`${y.month}${y.scope}${y.figure}`));
}
