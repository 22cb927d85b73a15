// Who a person is to the services: from the development sign-in form or from the identity
// provider's claims, checked here, then sealed in the token the services verify.
import { CENTRE_CODE, PERSON_ID } from "@mediation/contracts";
import { signToken } from "@mediation/grpc-kit";
import { CONSOLE_ROLES, type ConsoleRole, type Person } from "./sessions.js";

export interface TokenKey {
  secret: string;
  issuer: string;
  audience: string | string[];
}

/** Checks a role and what it is bound to: a centre's code for a centre, a mediator's id for a mediator. */
export function personOf(subject: string, name: string, role: string, centreCode: string, mediatorId: string): Person | string {
  if (!CONSOLE_ROLES.includes(role as ConsoleRole)) return `role must be one of ${CONSOLE_ROLES.join(", ")}`;
  if (role === "centre" && !CENTRE_CODE.test(centreCode)) return "a centre needs its code, e.g. JD01";
  if (role === "supervisor" && centreCode !== "" && !CENTRE_CODE.test(centreCode)) return "a supervisor's centre code is like JD01";
  if (role === "mediator" && !PERSON_ID.test(mediatorId)) return "a mediator needs its id, e.g. M-JD01-01";
  return {
    subject,
    name: name || subject,
    role: role as ConsoleRole,
    centreCode: role === "centre" || role === "supervisor" ? centreCode : "",
    mediatorId: role === "mediator" ? mediatorId : "",
  };
}

export interface ClaimMapping {
  roleClaim: string;
  /** Claim value → role. */
  roles: Map<string, string>;
  centreClaim: string;
  mediatorClaim: string;
}

/** "mc-clerk=centre,mc-analyst=analyst" → a map from claim value to role. */
export function parseRoleMap(text: string): Map<string, string> {
  return new Map(
    text
      .split(",")
      .map((pair) => pair.split("=").map((part) => part.trim()))
      .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== "" && pair[1] !== ""),
  );
}

const asText = (value: unknown) => (typeof value === "string" ? value : "");

/** The person an ID token's claims describe, or why they cannot use the console. */
export function personFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): Person | string {
  const raw = claims[mapping.roleClaim];
  const values = Array.isArray(raw) ? raw.map(asText) : [asText(raw)];
  const role = values.map((value) => mapping.roles.get(value)).find((mapped) => mapped !== undefined);
  if (!role) return `the identity provider gave no role this console knows in the claim "${mapping.roleClaim}"`;
  const name = asText(claims.name) || asText(claims.preferred_username);
  return personOf(asText(claims.sub), name, role, asText(claims[mapping.centreClaim]), asText(claims[mapping.mediatorClaim]));
}

/** The person's own token for the services, valid as long as the session. */
export function tokenFor(person: Person, key: TokenKey, hours: number): Promise<string> {
  return signToken(
    { subject: person.subject, role: person.role, centreCode: person.centreCode, mediatorId: person.mediatorId },
    key,
    `${Math.round(hours * 60)}m`,
  );
}
