// Finds entries by record, by person (the acting subject) and by time, oldest first, a page at a time.
import { Violations } from "@mediation/contracts";
import type { Collections, Range, Scalar } from "@mediation/store";
import type { AuditEntry } from "./entry.js";
import { AUDIT_ENTRIES, stripEntry } from "./trail.js";

export interface AuditFilter {
  recordId?: string;
  subject?: string;
  /** Only entries about this centre's records; "" or undefined for all (the district's administrator). */
  centreCode?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The `atKey` of the last entry when there is another page. */
  nextAfter: string | undefined;
}

export const MAX_AUDIT_PAGE = 500;

export async function findAuditEntries(store: Collections, filter: AuditFilter, pageSize: number, after?: string): Promise<AuditPage> {
  new Violations()
    .check(pageSize >= 0 && pageSize <= MAX_AUDIT_PAGE, "page_size", `must be 1-${MAX_AUDIT_PAGE}, or 0 for 100`)
    .check(!filter.from || !filter.to || filter.from < filter.to, "to", "must be after from")
    .throwIfAny();
  const where: Record<string, Scalar> = {};
  if (filter.recordId) where.recordId = filter.recordId;
  if (filter.subject) where.subject = filter.subject;
  if (filter.centreCode) where.centreCode = filter.centreCode;
  // atKey is "<ISO time>#<sequence>": "<from>" sorts before every key at that instant, "<to>" before all of its.
  const range: Range = { field: "atKey" };
  if (after) range.gt = after;
  else if (filter.from) range.gte = filter.from.toISOString();
  if (filter.to) range.lt = filter.to.toISOString();
  if (after && filter.from && after < filter.from.toISOString()) range.gte = filter.from.toISOString();
  const size = pageSize || 100;
  const rows = await store.collection(AUDIT_ENTRIES).find({ where, range, sort: { field: "atKey" }, limit: size + 1 });
  const entries = rows.slice(0, size).map(stripEntry);
  return { entries, nextAfter: rows.length > size ? entries[entries.length - 1]?.atKey : undefined };
}
