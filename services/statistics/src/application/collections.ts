import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import { type CollectionSpec, defineCollection } from "@mediation/store";
import type { CountsDoc } from "./counts.js";
import type { OwnerRecord } from "./owners.js";
import type { PublishedReport } from "./reports.js";

/** Pre-aggregated counts, one document per month and scope: a report's cost does not grow with disputes. */
export const MONTHLY_COUNTS = defineCollection<CountsDoc>("monthly_counts", {
  indexes: ["month", "scope"],
  // A scope's months from one month on (a backlog, a year of success rates) without reading its others.
  compound: [["scope", "month"]],
  schemaVersion: 2,
});
/**
 * Per scope, the cases accepted and closed in every month added up: a month's backlog is this less
 * what the months after it add (reports.ts), so a report does not read every earlier month. Filing
 * them for an older read model (scope-totals.ts) keeps two marks here; `through` is only theirs.
 */
export const SCOPE_TOTALS = defineCollection<{ scope: string; accepted: number; closed: number; through?: string }>("scope_totals", {
  indexes: [],
  schemaVersion: 1,
});
/** Frozen reports, one per month and scope root (district or a centre); never changed once written. */
export const PUBLISHED_REPORTS = defineCollection<PublishedReport>("published_reports", { indexes: ["month"], schemaVersion: 1 });
/** Which months are published: events for them after that count as corrections. */
export const PUBLISHED_MONTHS = defineCollection<{ contentHash: string; publishedAt: string }>("published_months", { indexes: [] });

/**
 * One document per month that counting and freezing both write (counting increments it, freezing
 * replaces it at the version it read), so that under snapshot isolation (MongoDB) an event counted
 * while its month is frozen makes one of the two transactions conflict and retry.
 */
export const MONTH_GUARDS = defineCollection<{ counted: number; frozen: number }>("month_guards", { indexes: [] });

/** Who is responsible for each dispute now: "waiting for an owner" reads the few records still waiting. */
export const DISPUTE_OWNERS = defineCollection<OwnerRecord>("dispute_owners", { indexes: ["waiting", "centreCode"], schemaVersion: 1 });

export const READ_MODEL_COLLECTIONS = [
  MONTHLY_COUNTS,
  SCOPE_TOTALS,
  PUBLISHED_REPORTS,
  PUBLISHED_MONTHS,
  MONTH_GUARDS,
  DISPUTE_OWNERS,
  INBOX,
];
/**
 * The read model a rebuild replays into: the same collections without their secondary indexes but
 * the one the comparison reads by (owners by `waiting`, compare-models.ts). Counting reads and writes
 * documents by id only, so the others would only cost work on every write (a JSON path read per index).
 */
export const SCRATCH_READ_MODEL_COLLECTIONS: CollectionSpec[] = READ_MODEL_COLLECTIONS.map((spec) => ({
  ...spec,
  indexes: spec === DISPUTE_OWNERS ? ["waiting"] : [],
  compound: [],
}));
export const STATISTICS_COLLECTIONS = [...READ_MODEL_COLLECTIONS, OUTBOX];
