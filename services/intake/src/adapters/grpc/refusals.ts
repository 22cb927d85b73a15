// Refused attempts to read personal data are audited too (docs/architecture.md#audit-trail): a caller whose role may
// not read parties, a supervisor asking for another centre's dispute, a mediator who does not hold the case. The
// entry's action is the read's with `.refused`, its centre the record's, so the centre's supervisor sees who probed.
import type { Metadata } from "@grpc/grpc-js";
import { type Act, type Actor, type AuditTrail, actorOf } from "@mediation/audit";
import { PermissionDenied } from "@mediation/contracts";
import { type Authenticator, type Principal, ROLES, type Role } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";

export const refused = (action: string) => `${action}.refused`;

/** Records the refused read in its own transaction; resolves once committed, so the refusal is answered after. */
export async function recordRefusal(deps: { store: DocumentStore; audit: AuditTrail }, actor: Actor, act: Act): Promise<void> {
  await deps.audit.recordRead(deps.store, actor, { ...act, action: refused(act.action) });
}

/**
 * Like `auth.require`, for a read of personal data: a verified caller whose role may not read it is refused
 * (PERMISSION_DENIED) after the attempt is recorded. An invalid token names nobody and is not recorded.
 */
export async function requireToRead(
  deps: { store: DocumentStore; audit: AuditTrail; auth: Authenticator },
  call: { metadata: Metadata; getPeer(): string },
  roles: readonly Role[],
  attempt: Omit<Act, "detail">,
  centreOf: () => Promise<string> = async () => attempt.centreCode,
): Promise<Principal> {
  const who = await deps.auth.require(call, ROLES);
  if (roles.includes(who.role)) return who;
  const centreCode = await centreOf();
  await recordRefusal(deps, actorOf(who, call), { ...attempt, centreCode, detail: `role ${who.role} may not read this` });
  throw new PermissionDenied(`a ${who.role} may not do this; it needs one of: ${roles.join(", ")}`);
}
