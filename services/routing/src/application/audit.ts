// Routing's audit trail (docs/architecture.md#audit-trail): each routing decision is recorded in the
// decision's own transaction, and each policy reload (accepted or refused) when it happens. Both
// are the service's own acts: the actor is the service, with the trace of the event that caused it.
import { type Act, AuditTrail, currentActor } from "@mediation/audit";
import type { Collections, DocumentStore } from "@mediation/store";
import type { StoredDecision } from "./records.js";

export const AUDIT = new AuditTrail("routing");

const actionOf = (decision: StoredDecision) =>
  decision.decidedBy ? "dispute.route_manual" : decision.sequence === 1 ? "dispute.route" : "dispute.route_onward";

/** A routing decision: first ("dispute.route"), onward ("dispute.route_onward") or a person's
 * ("dispute.route_manual", the caller being the actor), with its rule and policy version. */
export function recordDecision(tx: Collections, decision: StoredDecision): Promise<unknown> {
  const act: Act = {
    action: actionOf(decision),
    recordKind: "dispute",
    recordId: decision.disputeId,
    centreCode: decision.centreCode,
    detail: `${decision.channel} by rule ${decision.rule} of policy ${decision.policyVersion}`,
  };
  return AUDIT.recordChange(tx, act);
}

/** An escalation or a risk alert acknowledged by the caller, in the acknowledgement's transaction (the note stays in the item). */
export function recordAcknowledgement(
  tx: Collections,
  item: { kind: string; disputeId: string; alertId: string; centreCode: string },
): Promise<unknown> {
  const alert = item.kind === "RISK_ALERT";
  const act: Act = {
    action: alert ? "risk_alert.acknowledge" : "dispute.escalation_acknowledge",
    recordKind: alert ? "risk_alert" : "dispute",
    recordId: alert ? item.alertId : item.disputeId,
    centreCode: item.centreCode,
    detail: alert ? `alert on dispute ${item.disputeId}` : "district escalation taken in charge",
  };
  return AUDIT.recordChange(tx, act);
}

/** A policy reload: "policy.reload" with the new version, or "policy.reload_refused" with why. */
export function recordPolicyReload(store: DocumentStore, result: { ok: true; version: string } | { ok: false; error: string }) {
  const act: Act = result.ok
    ? { action: "policy.reload", recordKind: "policy", recordId: result.version, centreCode: "", detail: "now active" }
    : { action: "policy.reload_refused", recordKind: "policy", recordId: "", centreCode: "", detail: result.error.slice(0, 500) };
  return AUDIT.recordRead(store, currentActor(AUDIT.service), act);
}
