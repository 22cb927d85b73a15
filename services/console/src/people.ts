// Who a person is to the services: from the development sign-in form (sealed in a development
// token), or from the identity provider's access token, which the console forwards unchanged.
import { CENTRE_CODE, PERSON_ID } from "@mediation/contracts";
import { signToken } from "@mediation/grpc-kit";
import { decodeJwt } from "jose";
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

const asText = (value: unknown) => (typeof value === "string" ? value : "");

export interface ForwardedToken {
  person: Person;
  /** When the token expires (its `exp`), in milliseconds. */
  expiresAt: number;
}

/**
 * The person an identity provider's access token names, read the way the services read it
 * (`role`, `centre`, `mediator`; packages/grpc-kit/src/auth.ts), so the page shows what the services
 * will allow. The services verify the token; this only decides what the page shows. The name comes
 * from the ID token. A string says why the token cannot be used with the console.
 */
export function personFromToken(accessToken: string, idClaims: Record<string, unknown>): ForwardedToken | string {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return "the identity provider's access token is not a JWT the services can verify";
  }
  if (typeof claims.exp !== "number") return "the identity provider's access token has no expiry (exp)";
  const name = asText(idClaims.name) || asText(idClaims.preferred_username) || asText(claims.name);
  const person = personOf(asText(claims.sub), name, asText(claims.role), asText(claims.centre), asText(claims.mediator));
  if (typeof person === "string") return `the access token's claims do not fit the console: ${person}`;
  return { person, expiresAt: claims.exp * 1000 };
}

/** A development token for the person, valid as long as the session (DEV_AUTH_SECRET only). */
export function tokenFor(person: Person, key: TokenKey, hours: number): Promise<string> {
  return signToken(
    { subject: person.subject, role: person.role, centreCode: person.centreCode, mediatorId: person.mediatorId },
    key,
    `${Math.round(hours * 60)}m`,
  );
}
