import { INBOX } from "@mediation/bus";
import type { CollectionSpec } from "@mediation/store";

/** Pre-aggregated counts, one document per month and scope: a report's cost does not grow with disputes. */
export const MONTHLY_COUNTS: CollectionSpec = { name: "monthly_counts", indexes: ["month"], schemaVersion: 1 };

export const STATISTICS_COLLECTIONS = [MONTHLY_COUNTS, INBOX];
