// A stand-in for the district's OpenID Connect provider, on this machine: discovery, keys, and a
// token endpoint that checks the client's secret and the PKCE verifier against the challenge the
// authorization request carried. Its signing key is made here (a fake key, as the house rules allow).
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

interface Grant {
  challenge: string;
  nonce: string;
  redirectUri: string;
  claims: Record<string, unknown>;
}

export interface FakeProvider {
  issuer: string;
  /** What the provider does when a person signs in: a code for that authorization request. */
  authorize(authorizationUrl: string, claims: Record<string, unknown>): string;
  /** Token requests whose PKCE verifier did not match. */
  refused: string[];
  close(): Promise<void>;
}

export async function startFakeProvider(clientId: string, clientSecret: string): Promise<FakeProvider> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const grants = new Map<string, Grant>();
  const refused: string[] = [];
  let issuer = "";

  const token = async (form: URLSearchParams, authorization: string | undefined) => {
    const expected = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
    const posted = form.get("client_id") === clientId && form.get("client_secret") === clientSecret;
    if (authorization !== expected && !posted) return { status: 401, body: { error: "invalid_client" } };
    const grant = grants.get(form.get("code") ?? "");
    grants.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get("redirect_uri")) {
      refused.push(form.get("code") ?? "");
      return { status: 400, body: { error: "invalid_grant" } };
    }
    const idToken = await new SignJWT({ ...grant.claims, nonce: grant.nonce })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    return {
      status: 200,
      body: { access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: idToken },
    };
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
    refused,
    authorize: (authorizationUrl, claims) => {
      const params = new URL(authorizationUrl).searchParams;
      const code = randomBytes(16).toString("base64url");
      grants.set(code, {
        challenge: params.get("code_challenge") ?? "",
        nonce: params.get("nonce") ?? "",
        redirectUri: params.get("redirect_uri") ?? "",
        claims,
      });
      return code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
