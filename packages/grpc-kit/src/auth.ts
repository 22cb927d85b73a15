// Every call carries a bearer token (docs/architecture.md#security): a JWT, verified with jose, naming a role and,
// for a centre or a mediator, what it is bound to. Handlers say who may call them.

import type { Metadata } from "@grpc/grpc-js";
import { PermissionDenied, Unauthenticated } from "@mediation/contracts";
import { errors, jwtVerify, SignJWT } from "jose";

export const ROLES = ["centre", "mediator", "supervisor", "analyst", "admin", "service"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  subject: string;
  role: Role;
  /** The centre a `centre` (or a centre's supervisor) acts for; "" for district-wide. */
  centreCode: string;
  /** The mediator a `mediator` token belongs to. */
  mediatorId: string;
}

export interface AuthSettings {
  /** HS256 key shared by the services and whoever issues tokens; at least 32 characters. */
  secret: string;
  issuer: string;
  audience: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export class Authenticator {
  constructor(private readonly settings: AuthSettings) {}

  /** The caller, if its token is valid and its role is one of `roles`. */
  async require(call: { metadata: Metadata }, roles: readonly Role[]): Promise<Principal> {
    const header = call.metadata.get("authorization")[0];
    const token = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (!token) throw new Unauthenticated("no bearer token: send `authorization: Bearer <token>` (the CLI reads MEDIATION_TOKEN)");
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, key(this.settings.secret), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ["HS256"],
      }));
    } catch (error) {
      const reason = error instanceof errors.JWTExpired ? "the token has expired" : "the token is not valid here";
      throw new Unauthenticated(`${reason}; ask for a new one`);
    }
    const role = claims.role as Role;
    if (!ROLES.includes(role)) throw new Unauthenticated(`the token's role "${String(claims.role)}" is not one of ${ROLES.join(", ")}`);
    const principal: Principal = {
      subject: String(claims.sub ?? ""),
      role,
      centreCode: typeof claims.centre === "string" ? claims.centre : "",
      mediatorId: typeof claims.mediator === "string" ? claims.mediator : "",
    };
    if (role === "centre" && !principal.centreCode) throw new Unauthenticated("a centre token must name its centre");
    if (role === "mediator" && !principal.mediatorId) throw new Unauthenticated("a mediator token must name its mediator");
    if (!roles.includes(role)) throw new PermissionDenied(`a ${role} may not do this; it needs one of: ${roles.join(", ")}`);
    return principal;
  }
}

export interface TokenClaims {
  subject: string;
  role: Role;
  centreCode?: string;
  mediatorId?: string;
}

/** Issues a token; for an identity provider's stand-in in development, tests and the CLI. */
export function signToken(claims: TokenClaims, settings: AuthSettings, expiresIn = "12h"): Promise<string> {
  return new SignJWT({
    role: claims.role,
    ...(claims.centreCode ? { centre: claims.centreCode } : {}),
    ...(claims.mediatorId ? { mediator: claims.mediatorId } : {}),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(settings.secret));
}
