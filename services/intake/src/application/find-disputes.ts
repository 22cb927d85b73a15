import { type CategoryCode, type ChannelCode, MONTH_PATTERN, NotFound, Violations } from "@mediation/contracts";
import type { DocumentStore, Scalar } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";
import type { DisputeState, Progress } from "../domain/timeline.js";
import { PROGRESS } from "./collections.js";
import type { DisputeStorage } from "./ports.js";
import { findProgress, strip } from "./timeline.js";

export interface FoundDispute {
  dispute: Dispute;
  /** undefined only for a dispute submitted before the read model existed and not yet replayed. */
  progress: Progress | undefined;
}

export async function getDispute(store: DocumentStore, disputes: DisputeStorage, disputeId: string): Promise<FoundDispute> {
  new Violations().check(Boolean(disputeId), "dispute_id", "is required").throwIfAny();
  const found = await disputes.get(store, disputeId);
  if (!found) throw new NotFound(`no dispute ${disputeId}`);
  return { dispute: found, progress: await findProgress(store, disputeId) };
}

export interface DisputePage {
  disputes: FoundDispute[];
  /** The last dispute id of this page when there is another; opaque to clients. */
  nextAfter: string | undefined;
}

/** ListDisputes' filters; "" or undefined matches all. */
export interface DisputeFilter {
  centreCode: string;
  state?: DisputeState;
  channel?: ChannelCode;
  category?: CategoryCode;
  month: string;
  caseNumber: string;
}

export const MAX_PAGE_SIZE = 200;

/** Disputes in submission order (ids are UUIDv7, so id order is time order), as the read model has them. */
export async function listDisputes(
  store: DocumentStore,
  disputes: DisputeStorage,
  filter: DisputeFilter,
  pageSize: number,
  after: string | undefined,
): Promise<DisputePage> {
  new Violations()
    .check(pageSize >= 0 && pageSize <= MAX_PAGE_SIZE, "page_size", `must be 1-${MAX_PAGE_SIZE}, or 0 for 50`)
    .check(!filter.month || MONTH_PATTERN.test(filter.month), "month", "must be YYYY-MM")
    .throwIfAny();
  const where: Record<string, Scalar> = {};
  for (const field of ["centreCode", "state", "channel", "category", "month", "caseNumber"] as const) {
    const value = filter[field];
    if (value) where[field] = value;
  }
  const size = pageSize || 50;
  const rows = await store.collection(PROGRESS).find({
    where,
    ...(after ? { range: { field: "id", gt: after } } : {}),
    sort: { field: "id" },
    limit: size + 1,
  });
  const page: FoundDispute[] = [];
  for (const row of rows.slice(0, size)) {
    const dispute = await disputes.get(store, row.disputeId);
    if (dispute) page.push({ dispute, progress: strip(row) });
  }
  return { disputes: page, nextAfter: rows.length > size ? rows[size - 1]?.disputeId : undefined };
}
