// AuditService over one service's store: supervisors query their centre's entries, the district's
// administrator all of them and the chain's verification.
import { audit, PermissionDenied, Violations } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import type { AuditEntry } from "./entry.js";
import { findAuditEntries } from "./query.js";
import { verifyAuditTrail } from "./verify.js";

export function entryToProto(e: AuditEntry): audit.AuditEntry {
  return {
    sequence: BigInt(e.sequence),
    at: new Date(e.at),
    service: e.service,
    subject: e.subject,
    role: e.role,
    actorCentreCode: e.actorCentreCode,
    actorMediatorId: e.actorMediatorId,
    action: e.action,
    recordKind: e.recordKind,
    recordId: e.recordId,
    centreCode: e.centreCode,
    peer: e.peer,
    traceId: e.traceId,
    detail: e.detail,
    previousHash: e.previousHash,
    hash: e.hash,
  };
}

const encodeToken = (atKey: string) => Buffer.from(atKey).toString("base64url");
function decodeToken(token: string): string | undefined {
  if (!token) return undefined;
  const atKey = Buffer.from(token, "base64url").toString();
  new Violations()
    .check(/^\d{4}-\d\d-\d\dT[\d:.]+Z#\d{12}$/.test(atKey), "page_token", "is not a token this service gave out")
    .throwIfAny();
  return atKey;
}

export function auditGrpc(deps: { store: DocumentStore; auth: Authenticator; logger: Logger }): GrpcServiceBinding {
  const { store, auth, logger } = deps;
  return {
    name: "mediation.audit.v1.AuditService",
    definition: audit.AuditServiceService,
    implementation: {
      listAuditEntries: unary<audit.ListAuditEntriesRequest, audit.ListAuditEntriesResponse>(logger, async (req, call) => {
        const who = await auth.require(call, ["supervisor", "admin"]);
        // A supervisor bound to a centre sees the entries about its centre's records only.
        if (who.role === "supervisor" && !who.centreCode)
          throw new PermissionDenied("a supervisor's token must name its centre to read the audit trail");
        const page = await findAuditEntries(
          store,
          {
            recordId: req.recordId,
            subject: req.subject,
            centreCode: who.role === "supervisor" ? who.centreCode : "",
            ...(req.from ? { from: req.from } : {}),
            ...(req.to ? { to: req.to } : {}),
          },
          req.pageSize,
          decodeToken(req.pageToken),
        );
        return { entries: page.entries.map(entryToProto), nextPageToken: page.nextAfter ? encodeToken(page.nextAfter) : "" };
      }),
      verifyAuditTrail: unary<audit.VerifyAuditTrailRequest, audit.VerifyAuditTrailResponse>(logger, async (_req, call) => {
        await auth.require(call, ["admin"]);
        const result = await verifyAuditTrail(store);
        return { ...result, checked: BigInt(result.checked), brokenSequence: BigInt(result.brokenSequence) };
      }),
    },
  };
}
