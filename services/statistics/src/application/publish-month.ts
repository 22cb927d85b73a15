// Month end: a month's reports frozen as published snapshots.
import { addToOutbox } from "@mediation/bus/outbox";
import { FailedPrecondition, shanghaiMonth } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { contentHash, type MonthlyReport } from "../domain/monthly-report.js";
import { MONTH_GUARDS, MONTHLY_COUNTS, PUBLISHED_MONTHS, PUBLISHED_REPORTS } from "./collections.js";
import { docId, isPublished, rootOf } from "./counts.js";
import { reportMonthlyPublished } from "./events.js";
import { checkMonth, liveReport } from "./reports.js";

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
    const marker = await tx.collection(PUBLISHED_MONTHS).get(month);
    if (marker) return { contentHash: marker.contentHash, publishedAt: marker.publishedAt, alreadyPublished: true };
    // Written at the version read: a count of this month committing meanwhile makes this conflict and retry.
    const guard = await tx.collection(MONTH_GUARDS).get(month);
    await tx.collection(MONTH_GUARDS).put(month, { counted: guard?.counted ?? 0, frozen: 1 }, guard?.version ?? 0);
    const publishedAt = now.toISOString();
    const centres = (await tx.collection(MONTHLY_COUNTS).find({ where: { month } }))
      .map((d) => d.scope)
      .filter((s) => /^centre:[^/]+$/.test(s))
      .map((s) => s.slice("centre:".length));
    let districtHash = "";
    for (const centreCode of ["", ...centres]) {
      const report = await liveReport(tx, month, centreCode, now);
      const frozen: MonthlyReport = { ...report, published: true, publishedAt };
      frozen.contentHash = contentHash(frozen);
      if (!centreCode) districtHash = frozen.contentHash;
      await tx
        .collection(PUBLISHED_REPORTS)
        .put(
          docId(month, rootOf(centreCode)),
          { month, scope: rootOf(centreCode), report: JSON.stringify(frozen), contentHash: frozen.contentHash, publishedAt },
          0,
        );
    }
    await tx.collection(PUBLISHED_MONTHS).put(month, { contentHash: districtHash, publishedAt }, 0);
    await addToOutbox(tx, [reportMonthlyPublished(month, districtHash, centres, now)]);
    return { contentHash: districtHash, publishedAt, alreadyPublished: false };
  });
  if (!result.alreadyPublished) eventsStored();
  return result;
}

/** The months that have counts but are not published, before `beforeMonth`: what a missed month-end job left. */
export async function unpublishedMonths(store: DocumentStore, beforeMonth: string): Promise<string[]> {
  const months = new Set(
    (await store.collection(MONTHLY_COUNTS).find({ where: { scope: "district" }, range: { field: "month", lt: beforeMonth } })).map(
      (d) => d.month,
    ),
  );
  const open: string[] = [];
  for (const month of [...months].sort()) if (!(await isPublished(store, month))) open.push(month);
  return open;
}
