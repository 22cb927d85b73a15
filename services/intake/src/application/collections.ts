import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import type { CollectionSpec } from "@mediation/store";

export const DISPUTES: CollectionSpec = { name: "disputes", indexes: ["centreCode", "submittedAt"], schemaVersion: 2 };
/** (centre, request id) → dispute id: what makes SubmitDispute idempotent. */
export const REQUESTS: CollectionSpec = { name: "requests", indexes: [] };
/** Case-number sequences per centre and month. */
export const SEQUENCES: CollectionSpec = { name: "sequences", indexes: [] };

export const INTAKE_COLLECTIONS = [DISPUTES, REQUESTS, SEQUENCES, OUTBOX, INBOX];
