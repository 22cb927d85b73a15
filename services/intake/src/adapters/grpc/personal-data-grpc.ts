// FindPersonalData at the gRPC edge (docs/domain-rules.md#access-requests): supervisors answer a resident's access
// request for their centre's disputes, the admin for the district's. The answer is a read of personal data: it is
// recorded in the audit trail, one entry per dispute opened (or one saying none was found), before it is returned.
import { type AuditTrail, actorOf } from "@mediation/audit";
import { intake, intakePrivacy } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { findPersonalData } from "../../application/access-request.js";
import type { DisputeStorage } from "../../application/ports.js";
import { requireToRead } from "./refusals.js";
import { STATES } from "./timeline-proto.js";

const { PartyKind: ProtoKind, PartyRole: ProtoRole } = intake;

export function personalDataGrpc(deps: {
  store: DocumentStore;
  disputes: DisputeStorage;
  partyKeySecret: string;
  logger: Logger;
  auth: Authenticator;
  audit: AuditTrail;
}): GrpcServiceBinding {
  const find = unary<intakePrivacy.FindPersonalDataRequest, intakePrivacy.FindPersonalDataResponse>(deps.logger, async (req, call) => {
    const attempt = { action: "personal_data.access_request", recordKind: "person", recordId: "", centreCode: "" };
    const who = await requireToRead(deps, call, ["supervisor", "admin"], attempt);
    const centre = who.role === "supervisor" ? who.centreCode : "";
    const found = await findPersonalData(deps.store, deps.disputes, deps.partyKeySecret, centre, {
      idNumber: req.idNumber,
      name: req.name,
    });
    // What was asked is not written down (it is an ID number or a name): only that it was asked, by what, and what was opened.
    const by = [req.idNumber.trim() && "id number", req.name.trim() && "name"].filter(Boolean).join(" and ");
    await deps.audit.recordRead(
      deps.store,
      actorOf(who, call),
      ...(found.length
        ? found.map((h) => ({
            action: "personal_data.access_request",
            recordKind: "dispute",
            recordId: h.dispute.disputeId,
            centreCode: h.dispute.centreCode,
            detail: `by ${by}`,
          }))
        : [
            {
              action: "personal_data.access_request",
              recordKind: "person",
              recordId: "",
              centreCode: centre,
              detail: `by ${by}, none found`,
            },
          ]),
    );
    deps.logger.info({ subject: who.subject, disputes: found.length }, "access request answered");
    return {
      holdings: found.map((h) => ({
        disputeId: h.dispute.disputeId,
        caseNumber: h.dispute.caseNumber,
        centreCode: h.dispute.centreCode,
        state: STATES[h.progress?.state ?? "SUBMITTED"],
        submittedAt: new Date(h.dispute.submittedAt),
        parties: h.parties.map((p) => ({
          role: p.role === "CLAIMANT" ? ProtoRole.PARTY_ROLE_CLAIMANT : ProtoRole.PARTY_ROLE_RESPONDENT,
          kind: p.kind === "PERSON" ? ProtoKind.PARTY_KIND_PERSON : ProtoKind.PARTY_KIND_ORGANISATION,
          name: p.name,
          idNumber: p.idNumber,
          phone: p.phone,
        })),
        summary: h.dispute.summary,
        withdrawalReason: h.progress?.withdrawalReason ?? "",
        reassignmentReasons: (h.progress?.steps ?? []).filter((s) => s.kind === "REASSIGNED" && s.reason).map((s) => s.reason as string),
        personalDataErased: Boolean(h.dispute.personalDataErased),
        eraseAfter: h.eraseAfter ? new Date(h.eraseAfter) : undefined,
      })),
    };
  });
  return {
    name: "mediation.intake.v1.PersonalDataService",
    definition: intakePrivacy.PersonalDataServiceService,
    implementation: { findPersonalData: find },
  };
}
