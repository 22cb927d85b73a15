// Reads of parties' data, each by need to know (domain/need-to-know.ts) and each audited — committed
// to the audit trail — before the data is returned (docs/architecture.md#audit-trail).
import type { Actor, AuditTrail } from "@mediation/audit";
import { NotFound, PermissionDenied, Violations } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Dispute, Party } from "../domain/dispute.js";
import { caseHolder, disputeView, maskParty, mediatorMaySee, STATED_REASON_LIMIT, type View } from "../domain/need-to-know.js";
import { type DisputeFilter, type DisputePage, type FoundDispute, getDispute, listDisputes } from "./find-disputes.js";
import type { DisputeStorage } from "./ports.js";
import { findProgress } from "./timeline.js";

export interface ReadDeps {
  store: DocumentStore;
  disputes: DisputeStorage;
  audit: AuditTrail;
}

const shown = (dispute: Dispute, view: View): Dispute =>
  view === "full" ? dispute : { ...dispute, parties: dispute.parties.map(maskParty) };

/** GetDispute: another centre's dispute is answered as absent; a supervisor's stated reason is recorded with the read. */
export async function readDispute(
  deps: ReadDeps,
  actor: Actor,
  disputeId: string,
  statedReason: string,
): Promise<FoundDispute & { view: View }> {
  new Violations()
    .check(statedReason.length <= STATED_REASON_LIMIT, "access_reason", `must be at most ${STATED_REASON_LIMIT} characters`)
    .check(!statedReason.trim() || actor.role === "supervisor", "access_reason", "is only for a supervisor asking to see numbers in full")
    .throwIfAny();
  const refuse = async (centreCode: string, why: string) => {
    const reason = statedReason.trim() ? `, reason: ${statedReason.trim()}` : "";
    const act = { action: "dispute.read.refused", recordKind: "dispute", recordId: disputeId, centreCode, detail: `${why}${reason}` };
    await deps.audit.recordRead(deps.store, actor, act);
    return new NotFound(`no dispute ${disputeId}`);
  };
  const found = await getDispute(deps.store, deps.disputes, disputeId).catch(async (error) => {
    throw error instanceof NotFound ? await refuse("", "no such dispute") : error;
  });
  const view = disputeView(actor, found.dispute.centreCode, statedReason);
  if (!view) throw await refuse(found.dispute.centreCode, "another centre's dispute");
  const detail = actor.role === "supervisor" && view === "full" ? `full, reason: ${statedReason.trim()}` : view;
  await deps.audit.recordRead(deps.store, actor, {
    action: "dispute.read",
    recordKind: "dispute",
    recordId: disputeId,
    centreCode: found.dispute.centreCode,
    detail,
  });
  return { ...found, dispute: shown(found.dispute, view), view };
}

/** ListDisputes: one audit entry per dispute shown; a supervisor sees the numbers masked. */
export async function readDisputeList(
  deps: ReadDeps,
  actor: Actor,
  filter: DisputeFilter,
  pageSize: number,
  after: string | undefined,
): Promise<DisputePage> {
  const page = await listDisputes(deps.store, deps.disputes, filter, pageSize, after);
  const view: View = actor.role === "supervisor" ? "masked" : "full";
  await deps.audit.recordRead(
    deps.store,
    actor,
    ...page.disputes.map((found) => ({
      action: "dispute.list",
      recordKind: "dispute",
      recordId: found.dispute.disputeId,
      centreCode: found.dispute.centreCode,
      detail: view,
    })),
  );
  return { ...page, disputes: page.disputes.map((found) => ({ ...found, dispute: shown(found.dispute, view) })) };
}

export interface CaseParties {
  dispute: Dispute;
  caseId: string;
  parties: Party[];
}

/** GetCaseParties: the mediator holding the dispute's accepted case, as intake's timeline knows it, sees its parties. */
export async function readCaseParties(deps: ReadDeps, actor: Actor, disputeId: string): Promise<CaseParties> {
  new Violations().check(Boolean(disputeId), "dispute_id", "is required").throwIfAny();
  const progress = await findProgress(deps.store, disputeId);
  if (!progress || !mediatorMaySee(progress, actor.mediatorId)) {
    await deps.audit.recordRead(deps.store, actor, {
      action: "case.parties.read.refused",
      recordKind: "dispute",
      recordId: disputeId,
      centreCode: progress?.centreCode ?? "",
      detail: progress ? "not the mediator holding its open case" : "no such dispute",
    });
    throw new PermissionDenied(`only the mediator holding dispute ${disputeId}'s accepted case sees its parties, until it closes`);
  }
  const dispute = await deps.disputes.get(deps.store, disputeId);
  if (!dispute) throw new NotFound(`no dispute ${disputeId}`);
  const caseId = caseHolder(progress)?.caseId ?? "";
  await deps.audit.recordRead(deps.store, actor, {
    action: "case.parties.read",
    recordKind: "dispute",
    recordId: disputeId,
    centreCode: dispute.centreCode,
    detail: `case ${caseId}`,
  });
  return { dispute, caseId, parties: dispute.parties };
}
