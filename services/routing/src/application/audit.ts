// Routing's audit trail (docs/architecture.md#audit-trail): each routing decision is recorded in the
// decision's own transaction, and each policy reload (accepted or refused) when it happens. Both
// are the service's own acts: the actor is the service, with the trace of the event that caused it.
import { type Act, AuditTrail, currentActor } from "@mediation/audit";
import type { Collections, DocumentStore } from "@mediation/store";
import type { StoredDecision } from "./records.js";

export const AUDIT = new AuditTrail("routing");

/** A routing decision: first ("dispute.route") or onward ("dispute.route_onward"), with its rule and policy version. */
export function recordDecision(tx: Collections, decision: StoredDecision): Promise<unknown> {
  const act: Act = {
    action: decision.sequence === 1 ? "dispute.route" : "dispute.route_onward",
    recordKind: "dispute",
    recordId: decision.disputeId,
    centreCode: decision.centreCode,
    detail: `${decision.channel} by rule ${decision.rule} of policy ${decision.policyVersion}`,
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
