// Reports assembled from the pre-aggregated counts: live, or as published.
import { CENTRE_CODE, MONTH_PATTERN, shiftMonth, Violations } from "@mediation/contracts";
import type { Collections, DocumentStore } from "@mediation/store";
import { type Figures, figuresOf } from "../domain/figures.js";
import { compare, DEFINITIONS, type MonthlyReport } from "../domain/monthly-report.js";
import { DIMENSIONS } from "../domain/tally.js";
import { MONTHLY_COUNTS, PUBLISHED_REPORTS, SCOPE_TOTALS } from "./collections.js";
import { backlogOf, CORRECTION, type CountsDoc, docId, numbers, rootOf } from "./counts.js";
import { waitingForOwner } from "./owners.js";

export type PublishedReport = { month: string; scope: string; report: string; contentHash: string; publishedAt: string };

/**
 * Accepted and not closed at the end of `month`: the scope's running total less what the months
 * after `month` added. For the current month that is one read, however long the history.
 */
async function backlogAt(tx: Collections, scope: string, month: string): Promise<number> {
  const total = await tx.collection(SCOPE_TOTALS).get(scope);
  const later = await tx.collection(MONTHLY_COUNTS).find({ where: { scope }, range: { field: "month", gt: month } });
  return later.reduce((backlog, doc) => backlog - backlogOf(numbers(doc)), backlogOf(numbers(total)));
}

async function figuresFor(tx: Collections, month: string, scope: string, doc?: CountsDoc): Promise<Figures | undefined> {
  const found = doc ?? (await tx.collection(MONTHLY_COUNTS).get(docId(month, scope)));
  const backlog = await backlogAt(tx, scope, month);
  if (!found && backlog === 0) return undefined;
  return figuresOf(numbers(found), backlog);
}

/** Figures of another month for comparison: as published, if it was. */
async function comparisonFigures(tx: Collections, month: string, root: string): Promise<Figures | undefined> {
  const published = await tx.collection(PUBLISHED_REPORTS).get(docId(month, root));
  if (published) return (JSON.parse(published.report) as MonthlyReport).figures;
  return figuresFor(tx, month, root);
}

/** The report from the live counts. Reads one document per scope of the month, whatever the volume. */
export async function liveReport(tx: Collections, month: string, centreCode: string, now: Date = new Date()): Promise<MonthlyReport> {
  const root = rootOf(centreCode);
  const docs = (await tx.collection(MONTHLY_COUNTS).find({ where: { month } })).map(({ id: _i, version: _v, ...d }) => d as CountsDoc);
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
  const history = await tx.collection(MONTHLY_COUNTS).find({
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
    waitingForOwner: await waitingForOwner(tx, centreCode, now),
    published: false,
    contentHash: "",
    publishedAt: "",
  };
}

export function checkMonth(month: string): void {
  new Violations().check(MONTH_PATTERN.test(month), "month", `must be YYYY-MM, e.g. 2026-11; got "${month}"`).throwIfAny();
}

/** The published report when the month was published, else the live one. */
export async function getMonthlyReport(store: DocumentStore, month: string, centreCode: string, now = new Date()): Promise<MonthlyReport> {
  checkMonth(month);
  new Violations().check(!centreCode || CENTRE_CODE.test(centreCode), "centre_code", "2-16 upper-case letters or digits").throwIfAny();
  const published = await store.collection(PUBLISHED_REPORTS).get(docId(month, rootOf(centreCode)));
  if (published) return JSON.parse(published.report) as MonthlyReport;
  // In one transaction: a backlog reads a running total and the months after it, and a count
  // committed between the two would make them disagree. It writes nothing, so nothing to force to disk.
  return store.transaction((tx) => liveReport(tx, month, centreCode, now), { durable: false });
}
