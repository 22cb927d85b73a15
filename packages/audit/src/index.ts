export { actingAs, currentActor, namingCallers, withCallerSlot } from "./acting.js";
export { actorOf, currentTraceId } from "./actor.js";
export { type Act, type Actor, type AuditEntry, brokenLink, canonical, chainEntry, hashOf } from "./entry.js";
export { auditGrpc, entryToProto } from "./grpc.js";
export { type AuditFilter, type AuditPage, findAuditEntries, MAX_AUDIT_PAGE } from "./query.js";
export { AUDIT_COLLECTIONS, AUDIT_ENTRIES, AUDIT_HEAD, AuditTrail, appendAudit, serviceActor } from "./trail.js";
export { type Verification, verifyAuditTrail } from "./verify.js";
