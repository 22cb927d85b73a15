// Every call carries a bearer token (docs/architecture.md#security): a JWT, verified with jose, naming a role and,
// for a centre or a mediator, what it is bound to. In production the identity provider signs it
// (RS256, ES256 or EdDSA) and its JWKS holds the keys; HS256 with a shared secret is for
// development only. Every token must expire, be younger than the maximum age, and name this
// service as its audience. Handlers say who may call them.

import type { Metadata } from "@grpc/grpc-js";
import { PermissionDenied, Unauthenticated } from "@mediation/contracts";
import { createLogger, type Logger } from "@mediation/telemetry";
import { type JWTPayload, jwtVerify, SignJWT } from "jose";
import { type KeySource, keySource, whyRefused } from "./token-keys.js";
import { VerifiedTokens } from "./verified-tokens.js";

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
  issuer: string;
  /** This service's audience, e.g. "mediation-centre/intake": a token for another service is refused. */
  audience: string;
  /** The identity provider's keys: a JWKS file path or URL. When set, only RS256, ES256 and EdDSA tokens are accepted. */
  jwks?: string;
  /** Development only: the HS256 key, at least 32 characters; used only when `jwks` is not set. */
  secret?: string;
  /** A token issued (`iat`) longer ago than this is refused even before its `exp`. */
  maxTokenAgeSeconds: number;
}

export class Authenticator {
  private readonly keys: KeySource;
  private readonly verified: VerifiedTokens;

  /** Says at start which tokens it accepts; refuses to start with no way to verify them. */
  constructor(
    private readonly settings: AuthSettings,
    logger: Logger = createLogger("auth"),
  ) {
    this.keys = keySource(settings);
    this.verified = new VerifiedTokens(settings.maxTokenAgeSeconds);
    const where = { audience: settings.audience, issuer: settings.issuer, maxTokenAgeSeconds: settings.maxTokenAgeSeconds };
    if (settings.jwks) {
      logger.info({ ...where, jwks: settings.jwks }, "bearer tokens: verified with the identity provider's keys (RS256, ES256, EdDSA)");
      if (settings.secret) logger.warn("AUTH_SECRET is ignored: AUTH_JWKS is set, so HS256 tokens are refused");
    } else {
      logger.warn(where, "bearer tokens: HS256 with AUTH_SECRET, for development only; set AUTH_JWKS to your identity provider's keys");
    }
  }

  /** The caller, if its token is valid and its role is one of `roles`. */
  async require(call: { metadata: Metadata }, roles: readonly Role[]): Promise<Principal> {
    const header = call.metadata.get("authorization")[0];
    const token = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (!token) throw new Unauthenticated("no bearer token: send `authorization: Bearer <token>` (the CLI reads MEDIATION_TOKEN)");
    const claims = this.verified.claimsOf(token) ?? (await this.verify(token));
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

  /** The token's claims once its signature, issuer, audience, expiry and age are checked; remembered a while. */
  private async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keys.key, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.keys.algorithms,
        requiredClaims: ["exp"],
        maxTokenAge: this.settings.maxTokenAgeSeconds,
      });
      this.verified.remember(token, payload);
      return payload;
    } catch (error) {
      throw new Unauthenticated(`${whyRefused(error, token, this.settings, this.keys)}; ask for a new one`);
    }
  }
}

export interface TokenClaims {
  subject: string;
  role: Role;
  centreCode?: string;
  mediatorId?: string;
}

/** What the development signer needs: the HS256 key and whom the token is for (one audience or several). */
export interface SigningSettings {
  secret: string;
  issuer: string;
  audience: string | string[];
}

/** Issues an HS256 token: the identity provider's stand-in for development, tests and the CLI. */
export function signToken(claims: TokenClaims, settings: SigningSettings, expiresIn = "12h"): Promise<string> {
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
    .sign(new TextEncoder().encode(settings.secret));
}
