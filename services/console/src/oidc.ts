// OpenID Connect sign-in: authorization code with PKCE (openid-client). The pending sign-in's
// verifier, state and nonce stay on the server, named by a short-lived HttpOnly cookie. The
// provider's access token is what the services verify; the refresh token renews it.
import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import * as oidc from "openid-client";
import type { ConsoleConfig } from "./config.js";

const PENDING_COOKIE = "mc_oidc";
const PENDING_MS = 10 * 60_000;

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  expiresAt: number;
}

export class OidcSignIn {
  private discovered?: Promise<oidc.Configuration>;
  private readonly pending = new Map<string, Pending>();

  /** `overHttp` only for a provider on this machine in tests; a real provider speaks HTTPS. */
  constructor(
    private readonly config: ConsoleConfig,
    private readonly overHttp = false,
  ) {}

  private provider(): Promise<oidc.Configuration> {
    const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = this.config;
    const options = this.overHttp ? { execute: [oidc.allowInsecureRequests] } : undefined;
    this.discovered ??= oidc.discovery(
      new URL(OIDC_ISSUER_URL as string),
      OIDC_CLIENT_ID as string,
      OIDC_CLIENT_SECRET,
      undefined,
      options,
    );
    // A failed discovery is tried again at the next sign-in.
    this.discovered.catch(() => {
      this.discovered = undefined;
    });
    return this.discovered;
  }

  /** Where to send the browser to sign in. */
  async start(reply: FastifyReply): Promise<string> {
    const provider = await this.provider();
    const pending: Pending = {
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      expiresAt: Date.now() + PENDING_MS,
    };
    const id = randomBytes(24).toString("base64url");
    for (const [key, old] of this.pending) if (old.expiresAt < Date.now()) this.pending.delete(key);
    this.pending.set(id, pending);
    reply.setCookie(PENDING_COOKIE, id, { path: "/auth", httpOnly: true, secure: true, sameSite: "lax", maxAge: PENDING_MS / 1000 });
    return oidc
      .buildAuthorizationUrl(provider, {
        redirect_uri: this.config.OIDC_REDIRECT_URL as string,
        scope: this.config.OIDC_SCOPES,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      })
      .toString();
  }

  /** The provider's tokens after it sent the browser back with a code. */
  async finish(request: FastifyRequest, reply: FastifyReply): Promise<ProviderTokens> {
    const id = request.cookies[PENDING_COOKIE];
    const pending = id ? this.pending.get(id) : undefined;
    if (id) this.pending.delete(id);
    reply.clearCookie(PENDING_COOKIE, { path: "/auth" });
    if (!pending || pending.expiresAt < Date.now()) throw new Error("the sign-in took too long or was not started here; sign in again");
    const current = new URL(request.url, this.config.OIDC_REDIRECT_URL as string);
    const tokens = await oidc.authorizationCodeGrant(await this.provider(), current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return tokensOf(tokens, { ...(tokens.claims() ?? {}) });
  }

  /** New tokens for a refresh token; throws when the provider will not renew them. */
  async refresh(refreshToken: string, idClaims: Record<string, unknown>): Promise<ProviderTokens> {
    const tokens = await oidc.refreshTokenGrant(await this.provider(), refreshToken);
    return tokensOf(tokens, idClaims, refreshToken);
  }
}

export interface ProviderTokens {
  /** The ID token's claims: who signed in (the name shown). */
  idClaims: Record<string, unknown>;
  /** The access token the services verify. */
  accessToken: string;
  /** Empty when the provider gave none: the session then ends with the access token. */
  refreshToken: string;
}

function tokensOf(tokens: oidc.TokenEndpointResponse, idClaims: Record<string, unknown>, previousRefresh = ""): ProviderTokens {
  return { idClaims, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? previousRefresh };
}
