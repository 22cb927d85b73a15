// A dispute's change, audited by the trail in the change's own transaction (the application's RecordChange).
import type { Actor, AuditTrail } from "@mediation/audit";
import type { RecordChange } from "../application/ports.js";

/** The audit entry for a change by `actor`, written in the change's transaction. */
export const changeBy =
  (audit: AuditTrail, actor: Actor): RecordChange =>
  (tx, { action, dispute, detail }) =>
    audit.record(tx, actor, {
      action,
      recordKind: "dispute",
      recordId: dispute.disputeId,
      centreCode: dispute.centreCode,
      detail: detail ?? "",
    });
