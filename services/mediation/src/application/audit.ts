// Mediation's audit trail (docs/architecture.md#audit-trail): every change to a case and to the
// roster is recorded in the same transaction as the change, as the caller the gRPC edge named
// (`actingAs`) or, for consumers and timers, as the service itself.
import { type Act, AuditTrail } from "@mediation/audit";
import { addToOutbox } from "@mediation/bus/outbox";
import { EVENT_KINDS, type Event } from "@mediation/contracts";
import type { Collections } from "@mediation/store";
import type { Case } from "../domain/case.js";
import { CASES } from "./collections.js";

export const AUDIT = new AuditTrail("mediation");

/** One entry per event the change causes (e.g. "offer.accepted", "case.closed"); "case.changed" when it causes none. */
function caseActs(next: Case, events: Event[]): Act[] {
  const act = (action: string): Act => ({
    action,
    recordKind: "case",
    recordId: next.caseId,
    centreCode: next.centreCode,
    detail: `dispute ${next.disputeId}`,
  });
  const mine = events.filter((e) => !e.payload || !("caseId" in e.payload.value) || e.payload.value.caseId === next.caseId);
  return mine.length ? mine.map((e) => act(e.payload ? EVENT_KINDS[e.payload.$case].type : "case.changed")) : [act("case.changed")];
}

/** Stores a case at `expectedVersion` with its events and its audit entries: all commit in `tx` or none do. */
export async function writeCase(tx: Collections, next: Case, expectedVersion: number, events: Event[]): Promise<void> {
  await tx.collection(CASES).put(next.caseId, next, expectedVersion);
  await addToOutbox(tx, events);
  await AUDIT.recordChange(tx, ...caseActs(next, events));
}

/** A roster change: a mediator's record or a centre's supervisor. */
export const recordRosterChange = (
  tx: Collections,
  action: string,
  recordKind: string,
  recordId: string,
  centreCode: string,
  detail = "",
) => AUDIT.recordChange(tx, { action, recordKind, recordId, centreCode, detail });
