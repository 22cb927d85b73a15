// The gRPC edge: converts proto messages to domain types once, and back.
import {
  categoryCodec,
  channelCodec,
  intake,
  NotFound,
  outcomeCodec,
  PermissionDenied,
  Violations,
  withdrawnByCodec,
} from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, type Principal, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { getDispute, listDisputes } from "../../application/find-disputes.js";
import { type SubmitDeps, submitDispute } from "../../application/submit-dispute.js";
import { withdrawDispute } from "../../application/withdraw-dispute.js";
import { type Dispute, type PartyKind, type PartyRole, validateSubmission } from "../../domain/dispute.js";
import type { Progress } from "../../domain/timeline.js";
import { entryToProto, STATES, stateFromProto, timelineToProto } from "./timeline-proto.js";

const { IntakeServiceService, PartyKind: ProtoKind, PartyRole: ProtoRole } = intake;

const ROLES: Record<number, PartyRole> = { [ProtoRole.PARTY_ROLE_CLAIMANT]: "CLAIMANT", [ProtoRole.PARTY_ROLE_RESPONDENT]: "RESPONDENT" };
const KINDS: Record<number, PartyKind> = { [ProtoKind.PARTY_KIND_PERSON]: "PERSON", [ProtoKind.PARTY_KIND_ORGANISATION]: "ORGANISATION" };

function toProto(d: Dispute, progress: Progress | undefined): intake.Dispute {
  return {
    disputeId: d.disputeId,
    caseNumber: d.caseNumber,
    centreCode: d.centreCode,
    category: categoryCodec.fromCode(d.category),
    claimAmountFen: BigInt(d.claimAmountFen),
    summary: d.summary,
    parties: d.parties.map((p) => ({
      role: p.role === "CLAIMANT" ? ProtoRole.PARTY_ROLE_CLAIMANT : ProtoRole.PARTY_ROLE_RESPONDENT,
      kind: p.kind === "PERSON" ? ProtoKind.PARTY_KIND_PERSON : ProtoKind.PARTY_KIND_ORGANISATION,
      name: p.name,
      idNumber: p.idNumber,
      phone: p.phone,
    })),
    state: STATES[progress?.state ?? "SUBMITTED"],
    submittedAt: new Date(d.submittedAt),
    preferredChannel: d.preferredChannel ? channelCodec.fromCode(d.preferredChannel) : 0,
    mustReport: d.mustReport,
    preferredMediatorId: d.preferredMediatorId,
    channel: progress?.channel ? channelCodec.fromCode(progress.channel) : 0,
    outcome: progress?.outcome ? outcomeCodec.fromCode(progress.outcome) : 0,
  };
}

const encodeToken = (id: string) => Buffer.from(id).toString("base64url");
function decodeToken(token: string): string | undefined {
  if (!token) return undefined;
  const id = Buffer.from(token, "base64url").toString();
  new Violations().check(/^[0-9a-f-]{36}$/.test(id), "page_token", "is not a token this service gave out").throwIfAny();
  return id;
}

/** A centre sees only its own disputes (docs/architecture.md#security); so does a supervisor bound to a centre. */
function boundCentre(who: Principal): string {
  return who.role === "centre" || who.role === "supervisor" ? who.centreCode : "";
}

export function intakeGrpc(deps: SubmitDeps & { store: DocumentStore; logger: Logger; auth: Authenticator }): GrpcServiceBinding {
  const { logger, store, auth } = deps;
  const openReason = (p: Progress | undefined) => p?.withdrawalReason ?? "";
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
        const { dispute, created } = await submitDispute(deps, submission);
        logger.info(
          { disputeId: dispute.disputeId, caseNumber: dispute.caseNumber, created },
          created ? "dispute submitted" : "request replayed",
        );
        return { dispute: toProto(dispute, undefined), created };
      }),
      getDispute: unary<intake.GetDisputeRequest, intake.GetDisputeResponse>(logger, async (req, call) => {
        const centre = boundCentre(await auth.require(call, ["centre", "supervisor", "admin"]));
        const { dispute, progress } = await getDispute(store, deps.disputes, req.disputeId);
        // Another centre's dispute is answered as absent: a centre does not learn what others hold.
        if (centre && dispute.centreCode !== centre) throw new NotFound(`no dispute ${req.disputeId}`);
        return { dispute: toProto(dispute, progress), timeline: timelineToProto(progress, openReason(progress)) };
      }),
      listDisputes: unary<intake.ListDisputesRequest, intake.ListDisputesResponse>(logger, async (req, call) => {
        const centre = boundCentre(await auth.require(call, ["centre", "supervisor", "admin"]));
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
        const page = await listDisputes(store, deps.disputes, filter, req.pageSize, decodeToken(req.pageToken));
        return {
          disputes: page.disputes.map((found) => toProto(found.dispute, found.progress)),
          nextPageToken: page.nextAfter ? encodeToken(page.nextAfter) : "",
        };
      }),
      withdrawDispute: unary<intake.WithdrawDisputeRequest, intake.WithdrawDisputeResponse>(logger, async (req, call) => {
        // The submitting centre withdraws; an administrator may act for it.
        const who = await auth.require(call, ["centre", "admin"]);
        const result = await withdrawDispute(deps, who.role === "centre" ? who.centreCode : "", {
          disputeId: req.disputeId,
          withdrawnBy: withdrawnByCodec.toCode(req.withdrawnBy),
          reason: req.reason,
        });
        logger.info({ disputeId: req.disputeId, withdrawnBy: result.withdrawal.withdrawnBy }, "dispute withdrawn");
        return { dispute: toProto(result.dispute, result.progress), withdrawal: entryToProto(result.withdrawal, result.reason) };
      }),
    },
  };
}
