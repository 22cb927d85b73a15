// The gRPC edge: converts proto messages to domain types once, and back. Who may call what, and
// what each sees of the parties, is in domain/need-to-know.ts; every read and change is audited.
import { type AuditTrail, actorOf } from "@mediation/audit";
import { categoryCodec, channelCodec, intake, PermissionDenied, Violations, withdrawnByCodec } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, type Principal, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { readCaseParties, readDispute, readDisputeList } from "../../application/read-disputes.js";
import { recordGuidance } from "../../application/record-guidance.js";
import { type SubmitDeps, submitDispute } from "../../application/submit-dispute.js";
import { findProgress } from "../../application/timeline.js";
import { withdrawDispute } from "../../application/withdraw-dispute.js";
import { validateSubmission } from "../../domain/dispute.js";
import type { Progress } from "../../domain/timeline.js";
import { changeBy } from "../audit-change.js";
import { decodePageToken, disputeToProto, encodePageToken, KINDS, partyToProto, ROLES } from "./dispute-proto.js";
import { requireToRead } from "./refusals.js";
import { entryToProto, stateFromProto, timelineToProto } from "./timeline-proto.js";

const { IntakeServiceService } = intake;

/** A centre sees only its own disputes (docs/architecture.md#security); so does a supervisor bound to a centre. */
function boundCentre(who: Principal): string {
  return who.role === "centre" || who.role === "supervisor" ? who.centreCode : "";
}

export function intakeGrpc(
  deps: SubmitDeps & { store: DocumentStore; logger: Logger; auth: Authenticator; audit: AuditTrail },
): GrpcServiceBinding {
  const { logger, auth, audit } = deps;
  const openReason = (p: Progress | undefined) => p?.withdrawalReason ?? "";
  // The centre a refused read was aimed at, from the timeline's read model (no personal data opened).
  const centreOf = (disputeId: string) => async () => (disputeId ? ((await findProgress(deps.store, disputeId))?.centreCode ?? "") : "");
  return {
    name: "mediation.intake.v1.IntakeService",
    definition: IntakeServiceService,
    implementation: {
      submitDispute: unary<intake.SubmitDisputeRequest, intake.SubmitDisputeResponse>(logger, async (req, call) => {
        const who = await auth.require(call, ["centre", "admin", "service"]);
        if (who.role === "centre" && req.centreCode !== who.centreCode) {
          throw new PermissionDenied(`this token submits for centre ${who.centreCode}, not ${req.centreCode || "(none)"}`);
        }
        const submission = validateSubmission({
          requestId: req.requestId,
          centreCode: req.centreCode,
          category: categoryCodec.toCode(req.category),
          claimAmountFen: req.claimAmountFen,
          summary: req.summary,
          parties: req.parties.map((p) => ({
            role: ROLES[p.role],
            kind: KINDS[p.kind],
            name: p.name,
            idNumber: p.idNumber,
            phone: p.phone,
          })),
          preferredChannel: req.preferredChannel === 0 ? "" : channelCodec.toCode(req.preferredChannel),
          mustReport: req.mustReport,
          preferredMediatorId: req.preferredMediatorId,
        });
        const { dispute, created } = await submitDispute(deps, submission, changeBy(audit, actorOf(who, call)));
        logger.info(
          { disputeId: dispute.disputeId, caseNumber: dispute.caseNumber, created },
          created ? "dispute submitted" : "request replayed",
        );
        return { dispute: disputeToProto(dispute, undefined), created };
      }),
      getDispute: unary<intake.GetDisputeRequest, intake.GetDisputeResponse>(logger, async (req, call) => {
        const attempt = { action: "dispute.read", recordKind: "dispute", recordId: req.disputeId, centreCode: "" };
        const who = await requireToRead(deps, call, ["centre", "supervisor", "admin"], attempt, centreOf(req.disputeId));
        const { dispute, progress } = await readDispute(deps, actorOf(who, call), req.disputeId, req.accessReason);
        return { dispute: disputeToProto(dispute, progress), timeline: timelineToProto(progress, openReason(progress)) };
      }),
      getCaseParties: unary<intake.GetCasePartiesRequest, intake.GetCasePartiesResponse>(logger, async (req, call) => {
        const attempt = { action: "case.parties.read", recordKind: "dispute", recordId: req.disputeId, centreCode: "" };
        const who = await requireToRead(deps, call, ["mediator"], attempt, centreOf(req.disputeId));
        const { dispute, caseId, parties } = await readCaseParties(deps, actorOf(who, call), req.disputeId);
        return { disputeId: dispute.disputeId, caseNumber: dispute.caseNumber, caseId, parties: parties.map(partyToProto) };
      }),
      listDisputes: unary<intake.ListDisputesRequest, intake.ListDisputesResponse>(logger, async (req, call) => {
        const attempt = { action: "dispute.list", recordKind: "dispute", recordId: "", centreCode: req.centreCode };
        const who = await requireToRead(deps, call, ["centre", "supervisor", "admin"], attempt);
        const centre = boundCentre(who);
        if (centre && req.centreCode && req.centreCode !== centre) throw new PermissionDenied(`this token sees centre ${centre} only`);
        const state = stateFromProto(req.state);
        const channel = req.channel === 0 ? undefined : channelCodec.toCode(req.channel);
        const category = req.category === 0 ? undefined : categoryCodec.toCode(req.category);
        new Violations()
          .check(state !== undefined, "state", "is not a known value")
          .check(req.channel === 0 || Boolean(channel), "channel", "is not a known value")
          .check(req.category === 0 || Boolean(category), "category", "is not a known value")
          .throwIfAny();
        const filter = {
          centreCode: centre || req.centreCode,
          state: state || undefined,
          channel,
          category,
          month: req.month,
          caseNumber: req.caseNumber,
        };
        const page = await readDisputeList(deps, actorOf(who, call), filter, req.pageSize, decodePageToken(req.pageToken));
        return {
          disputes: page.disputes.map((found) => disputeToProto(found.dispute, found.progress)),
          nextPageToken: page.nextAfter ? encodePageToken(page.nextAfter) : "",
        };
      }),
      withdrawDispute: unary<intake.WithdrawDisputeRequest, intake.WithdrawDisputeResponse>(logger, async (req, call) => {
        // The submitting centre withdraws; an administrator may act for it.
        const who = await auth.require(call, ["centre", "admin"]);
        const request = { disputeId: req.disputeId, withdrawnBy: withdrawnByCodec.toCode(req.withdrawnBy), reason: req.reason };
        const result = await withdrawDispute(
          deps,
          who.role === "centre" ? who.centreCode : "",
          request,
          changeBy(audit, actorOf(who, call)),
        );
        logger.info({ disputeId: req.disputeId, withdrawnBy: result.withdrawal.withdrawnBy }, "dispute withdrawn");
        return { dispute: disputeToProto(result.dispute, result.progress), withdrawal: entryToProto(result.withdrawal, result.reason) };
      }),
      recordGuidance: unary<intake.RecordGuidanceRequest, intake.RecordGuidanceResponse>(logger, async (req, call) => {
        // The submitting centre records the guidance it gave; an administrator may act for it.
        const who = await auth.require(call, ["centre", "admin"]);
        const result = await recordGuidance(
          deps,
          who.role === "centre" ? who.centreCode : "",
          who.subject,
          { disputeId: req.disputeId, institution: req.institution, note: req.note },
          changeBy(audit, actorOf(who, call)),
        );
        logger.info({ disputeId: req.disputeId, channel: result.guidance.channel }, "guidance recorded");
        const guidance = entryToProto(result.guidance, result.guidance.institution ?? "");
        return { dispute: disputeToProto(result.dispute, result.progress), guidance };
      }),
    },
  };
}
