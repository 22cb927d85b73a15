import { AUDIT_COLLECTIONS } from "@mediation/audit";
import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import { defineCollection } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";
import type { Progress } from "../domain/timeline.js";

type Sensitive = Pick<Dispute, "parties" | "summary">;
/** A stored dispute. Schema 2 seals the sensitive fields; schema 1 (before sealing) held them in the open. */
export type DisputeRecord = Omit<Dispute, "parties" | "summary"> & ({ sealed: string } | Sensitive);

export const DISPUTES = defineCollection<DisputeRecord>("disputes", { indexes: ["centreCode", "submittedAt"], schemaVersion: 2 });
/** (centre, request id) → dispute id: what makes SubmitDispute idempotent. */
export const REQUESTS = defineCollection<{ disputeId: string }>("requests", { indexes: [] });
/** Case-number sequences per centre and month. */
export const SEQUENCES = defineCollection<{ next: number }>("sequences", { indexes: [] });

/** The read model of each dispute's progress (its timeline and state), built from the events. */
export const PROGRESS = defineCollection<Progress>("progress", {
  indexes: ["centreCode", "state", "channel", "category", "month", "caseNumber"],
  schemaVersion: 1,
});

export const INTAKE_COLLECTIONS = [DISPUTES, REQUESTS, SEQUENCES, PROGRESS, OUTBOX, INBOX, ...AUDIT_COLLECTIONS];
