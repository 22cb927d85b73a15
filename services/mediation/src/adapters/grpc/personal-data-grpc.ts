// PersonalDataService: a supervisor answering a resident's access request (docs/domain-rules.md#access-requests)
// reads what mediation holds about the people of the disputes intake found: notes, obligations, decline and
// reassignment reasons. A verified caller of another role is refused, the attempt audited first.
import { mediationPrivacy, PermissionDenied } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, ROLES, type Role, unary } from "@mediation/grpc-kit";
import type { Logger } from "@mediation/telemetry";
import { casesOfDisputes, refuseCaseRecords } from "../../application/case-queries.js";
import type { MediationDeps } from "../../application/change-case.js";

const READERS: readonly Role[] = ["supervisor", "admin"];

export function personalDataGrpc(deps: MediationDeps, logger: Logger, auth: Authenticator): GrpcServiceBinding {
  const listCaseRecords = unary<mediationPrivacy.ListCaseRecordsRequest, mediationPrivacy.ListCaseRecordsResponse>(
    logger,
    async (req, call) => {
      // Any verified caller is named for the audit trail, so that a refusal by role is recorded as that caller.
      const who = await auth.require(call, ROLES);
      if (!READERS.includes(who.role)) {
        await refuseCaseRecords(deps.store, req.disputeIds, `role ${who.role} may not read this`);
        throw new PermissionDenied(`a ${who.role} may not do this; it needs one of: ${READERS.join(", ")}`);
      }
      const cases = await casesOfDisputes(deps.store, req.disputeIds, who.role === "supervisor" ? who.centreCode : "");
      return {
        records: cases.map((c) => ({
          disputeId: c.disputeId,
          caseId: c.caseId,
          sessionNotes: (c.sessions ?? []).map((s) => s.note).filter(Boolean),
          obligations: (c.obligations ?? []).map((o) => ({ ...o, dueBy: new Date(o.dueBy) })),
          declineReasons: c.offers.flatMap((o) => (o.declineReason ? [o.declineReason] : [])),
          reassignmentReasons: (c.reassignments ?? []).map((r) => r.reason).filter(Boolean),
          personalDataErased: Boolean(c.personalDataErased),
        })),
      };
    },
  );
  return {
    name: "mediation.mediation.v1.PersonalDataService",
    definition: mediationPrivacy.PersonalDataServiceService,
    implementation: { listCaseRecords },
  };
}
