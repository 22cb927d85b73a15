// A stand-in for the district's OpenID Connect provider, on this machine: discovery, keys, and a
// token endpoint that checks the client's secret and the PKCE verifier against the challenge the
// authorization request carried. It issues an ID token for the console and an access token for the
// four services (their audiences), and renews the access token with a refresh token until those
// are revoked. Its signing key is made here (a fake key, as the house rules allow).
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serviceAudience } from "@mediation/config";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** What the access token says (the claims the services read), and how long it lives. */
export interface Access {
  claims: Record<string, unknown>;
  seconds: number;
}

interface Grant {
  challenge: string;
  nonce: string;
  redirectUri: string;
  claims: Record<string, unknown>;
  access: Access;
}

export const SERVICE_AUDIENCES = ["intake", "routing", "mediation", "statistics"].map(serviceAudience);

export interface FakeProvider {
  issuer: string;
  /** Where its public keys are: what the services' AUTH_JWKS names. */
  jwksUrl: string;
  /** What the provider does when a person signs in: a code for that authorization request. */
  authorize(authorizationUrl: string, claims: Record<string, unknown>, access?: Partial<Access>): string;
  /** Token requests whose PKCE verifier did not match. */
  refused: string[];
  /** Access tokens renewed with a refresh token. */
  refreshed: number;
  /** Refuses every refresh token issued so far (the person was signed out at the provider). */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

export async function startFakeProvider(clientId: string, clientSecret: string): Promise<FakeProvider> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, Access>();
  const refused: string[] = [];
  let refreshed = 0;
  let issuer = "";

  const sign = (claims: Record<string, unknown>, audience: string | string[], seconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(privateKey);

  const tokens = async (access: Access, idToken?: string) => {
    const refreshToken = randomBytes(16).toString("hex");
    refreshTokens.set(refreshToken, access);
    const accessToken = await sign({ ...access.claims, jti: randomBytes(8).toString("hex") }, SERVICE_AUDIENCES, access.seconds);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: access.seconds,
        refresh_token: refreshToken,
        ...(idToken ? { id_token: idToken } : {}),
      },
    };
  };

  const token = async (form: URLSearchParams, authorization: string | undefined) => {
    const expected = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
    const posted = form.get("client_id") === clientId && form.get("client_secret") === clientSecret;
    if (authorization !== expected && !posted) return { status: 401, body: { error: "invalid_client" } };
    if (form.get("grant_type") === "refresh_token") {
      const access = refreshTokens.get(form.get("refresh_token") ?? "");
      refreshTokens.delete(form.get("refresh_token") ?? "");
      if (!access) return { status: 400, body: { error: "invalid_grant" } };
      refreshed++;
      // A renewed access token lives the usual five minutes, whatever the first one did.
      return tokens({ ...access, seconds: 300 });
    }
    const grant = grants.get(form.get("code") ?? "");
    grants.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get("redirect_uri")) {
      refused.push(form.get("code") ?? "");
      return { status: 400, body: { error: "invalid_grant" } };
    }
    return tokens(grant.access, await sign({ ...grant.claims, nonce: grant.nonce }, clientId, 300));
  };

  const server: Server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? "/", issuer).pathname;
    if (path === "/.well-known/openid-configuration") {
      return send(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      });
    }
    if (path === "/jwks") return send(200, { keys: [jwk] });
    if (path === "/token" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        token(new URLSearchParams(body), request.headers.authorization).then(({ status, body: answer }) => send(status, answer));
      });
      return;
    }
    send(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    refused,
    get refreshed() {
      return refreshed;
    },
    revokeRefreshTokens: () => refreshTokens.clear(),
    authorize: (authorizationUrl, claims, access = {}) => {
      const params = new URL(authorizationUrl).searchParams;
      const code = randomBytes(16).toString("base64url");
      grants.set(code, {
        challenge: params.get("code_challenge") ?? "",
        nonce: params.get("nonce") ?? "",
        redirectUri: params.get("redirect_uri") ?? "",
        claims,
        access: { claims: { sub: claims.sub, ...access.claims }, seconds: access.seconds ?? 300 },
      });
      return code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
