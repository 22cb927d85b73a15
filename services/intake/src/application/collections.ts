import { INBOX, OUTBOX } from "@mediation/bus";
import type { CollectionSpec } from "@mediation/store";

export const DISPUTES: CollectionSpec = { name: "disputes", indexes: ["centreCode", "submittedAt"], schemaVersion: 2 };
/** (centre, request id) → dispute id: what makes SubmitDispute idempotent. */
export const REQUESTS: CollectionSpec = { name: "requests", indexes: [] };
/** Case-number sequences per centre and month. */
export const SEQUENCES: CollectionSpec = { name: "sequences", indexes: [] };

/** The read model of each dispute's progress (its timeline and state), built from the events. */
export const PROGRESS: CollectionSpec = {
  name: "progress",
  indexes: ["centreCode", "state", "channel", "category", "month", "caseNumber"],
  schemaVersion: 1,
};

export const INTAKE_COLLECTIONS = [DISPUTES, REQUESTS, SEQUENCES, PROGRESS, OUTBOX, INBOX];
