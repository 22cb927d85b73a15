import { AUDIT_COLLECTIONS } from "@mediation/audit";
import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import { defineCollection } from "@mediation/store";
import { DATA_KEYS } from "@mediation/store/sealing";
import type { Dispute } from "../domain/dispute.js";
import type { Progress } from "../domain/timeline.js";

/**
 * A dispute as use cases see it. The sealing store keeps its parties and summary sealed under the dispute's data key
 * (docs/architecture.md#sealed-personal-data); schema 1 (before sealing) held them in the open and still reads.
 */
export type DisputeRecord = Dispute;

/** Read by id only: ListDisputes filters the progress read model, so indexes here would be written and never read. */
export const DISPUTES = defineCollection<DisputeRecord>("disputes", { indexes: [], schemaVersion: 2 });
/** (centre, request id) → dispute id: what makes SubmitDispute idempotent. */
export const REQUESTS = defineCollection<{ disputeId: string }>("requests", { indexes: [] });
/** Case-number sequences per centre and month. */
export const SEQUENCES = defineCollection<{ next: number }>("sequences", { indexes: [] });

/**
 * The blind index of parties (keyed hashes of normalised ID numbers and names), for residents' access requests.
 * Each row's id is `<hash>.<disputeId>`, so a hash's rows are an id range (partyIndexRange); `disputeId` is
 * indexed for the erasure of a dispute's rows.
 */
export const PARTY_INDEX = defineCollection<{ hash: string; disputeId: string }>("party_index", { indexes: ["disputeId"] });
/** The id of a party-index row. */
export const partyIndexId = (hash: string, disputeId: string) => `${hash}.${disputeId}`;
/** The ids of a hash's rows: every id that starts with `<hash>.` ("/" follows "." in code-point order). */
export const partyIndexRange = (hash: string) => ({ field: "id", gt: `${hash}.`, lt: `${hash}/` });

/** The read model of each dispute's progress (its timeline and state), built from the events. */
export const PROGRESS = defineCollection<Progress>("progress", {
  indexes: ["centreCode", "state", "channel", "category", "month", "caseNumber"],
  schemaVersion: 1,
});

/** One-off upgrades of stored records that have run to the end (upgrade-sealing.ts), so a start does not scan again. */
export const MIGRATIONS = defineCollection<{ doneAt: string }>("migrations", { indexes: [] });

export const INTAKE_COLLECTIONS = [
  DISPUTES,
  REQUESTS,
  SEQUENCES,
  MIGRATIONS,
  PROGRESS,
  PARTY_INDEX,
  DATA_KEYS,
  OUTBOX,
  INBOX,
  ...AUDIT_COLLECTIONS,
];
