// The gRPC edge: converts proto messages to domain types once, and back.
import { categoryCodec, channelCodec, intake, NotFound, PermissionDenied, Violations } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, type Principal, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { getDispute, listDisputes } from "../../application/find-disputes.js";
import { type SubmitDeps, submitDispute } from "../../application/submit-dispute.js";
import { type Dispute, type PartyKind, type PartyRole, validateSubmission } from "../../domain/dispute.js";

const { DisputeState, IntakeServiceService, PartyKind: ProtoKind, PartyRole: ProtoRole } = intake;

const ROLES: Record<number, PartyRole> = { [ProtoRole.PARTY_ROLE_CLAIMANT]: "CLAIMANT", [ProtoRole.PARTY_ROLE_RESPONDENT]: "RESPONDENT" };
const KINDS: Record<number, PartyKind> = { [ProtoKind.PARTY_KIND_PERSON]: "PERSON", [ProtoKind.PARTY_KIND_ORGANISATION]: "ORGANISATION" };

function toProto(d: Dispute): intake.Dispute {
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
    state: d.state === "SUBMITTED" ? DisputeState.DISPUTE_STATE_SUBMITTED : DisputeState.DISPUTE_STATE_WITHDRAWN,
    submittedAt: new Date(d.submittedAt),
    preferredChannel: d.preferredChannel ? channelCodec.fromCode(d.preferredChannel) : 0,
    mustReport: d.mustReport,
    preferredMediatorId: d.preferredMediatorId,
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
        return { dispute: toProto(dispute), created };
      }),
      getDispute: unary<intake.GetDisputeRequest, intake.GetDisputeResponse>(logger, async (req, call) => {
        const centre = boundCentre(await auth.require(call, ["centre", "supervisor", "admin"]));
        const dispute = await getDispute(store, deps.disputes, req.disputeId);
        // Another centre's dispute is answered as absent: a centre does not learn what others hold.
        if (centre && dispute.centreCode !== centre) throw new NotFound(`no dispute ${req.disputeId}`);
        return { dispute: toProto(dispute) };
      }),
      listDisputes: unary<intake.ListDisputesRequest, intake.ListDisputesResponse>(logger, async (req, call) => {
        const centre = boundCentre(await auth.require(call, ["centre", "supervisor", "admin"]));
        if (centre && req.centreCode && req.centreCode !== centre) throw new PermissionDenied(`this token sees centre ${centre} only`);
        const page = await listDisputes(store, deps.disputes, centre || req.centreCode, req.pageSize, decodeToken(req.pageToken));
        return { disputes: page.disputes.map(toProto), nextPageToken: page.nextAfter ? encodeToken(page.nextAfter) : "" };
      }),
    },
  };
}
