// Bearer tokens from an identity provider (issue 11): a real gRPC server on port 0 and a real client;
// the identity provider is a stand-in whose keys the test makes, published as a JWKS file or URL.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routing } from "@mediation/contracts";
import { createLogger } from "@mediation/telemetry";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator, type AuthSettings, signToken } from "../src/auth.js";
import { call, createClient, isServiceError, status, withToken } from "../src/client.js";
import { type RunningServer, startGrpcServer, unary } from "../src/server.js";

const ISSUER = "https://idp.example.test/realms/district";
const AUDIENCE = "mediation-centre/routing";
const TWELVE_HOURS = 12 * 3600;
const logger = createLogger("auth-test", "silent");
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Alg = "ES256" | "EdDSA" | "RS256";
interface IdpKey {
  alg: Alg;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function idpKey(alg: Alg, kid: string): Promise<IdpKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519" } : {});
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A token as an identity provider would issue it; `claims` may drop or change any standard claim. */
function issue(key: IdpKey, claims: JWTPayload & { role?: string } = {}): Promise<string> {
  const iat = nowSeconds();
  const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: "analyst-7", role: "analyst", iat, exp: iat + 600, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

/** Starts a server whose GetPolicy answers with the caller's subject, and calls it with `token`. */
async function serve(settings: AuthSettings) {
  const auth = new Authenticator(settings, logger);
  const server: RunningServer = await startGrpcServer("127.0.0.1", 0, [
    {
      name: "mediation.routing.v1.RoutingService",
      definition: routing.RoutingServiceService,
      implementation: {
        getPolicy: unary<routing.GetPolicyRequest, routing.GetPolicyResponse>(logger, async (_request, grpcCall) => {
          const who = await auth.require(grpcCall, ["analyst"]);
          return { version: who.subject, source: "", loadedFrom: "", loadedAt: undefined };
        }),
      },
    },
  ]);
  const client = createClient(routing.RoutingServiceClient, `127.0.0.1:${server.port}`);
  return {
    ask: async (token: string) => {
      try {
        const response = await call(client.getPolicy, client, {}, 5_000, withToken(token));
        return { code: status.OK, details: response.version };
      } catch (error) {
        if (!isServiceError(error)) throw error;
        return { code: error.code, details: error.details };
      }
    },
    stop: async () => {
      client.close();
      await server.stop(1_000);
    },
  };
}

describe("tokens from an identity provider's JWKS", () => {
  let keys: Record<Alg, IdpKey>;
  let stranger: IdpKey;
  let impostor: IdpKey;
  let folder: string;
  let fromFile: Awaited<ReturnType<typeof serve>>;
  let fromUrl: Awaited<ReturnType<typeof serve>>;
  let keyServer: Server;

  beforeAll(async () => {
    keys = { ES256: await idpKey("ES256", "es-1"), EdDSA: await idpKey("EdDSA", "ed-1"), RS256: await idpKey("RS256", "rs-1") };
    stranger = await idpKey("ES256", "not-published");
    impostor = await idpKey("ES256", "es-1");
    const jwks = JSON.stringify({ keys: Object.values(keys).map((k) => k.publicJwk) });
    folder = mkdtempSync(join(tmpdir(), "jwks-"));
    writeFileSync(join(folder, "jwks.json"), jwks);
    keyServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(jwks));
    await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
    const settings = { issuer: ISSUER, audience: AUDIENCE, maxTokenAgeSeconds: TWELVE_HOURS };
    fromFile = await serve({ ...settings, jwks: join(folder, "jwks.json") });
    const { port } = keyServer.address() as AddressInfo;
    fromUrl = await serve({ ...settings, jwks: `http://127.0.0.1:${port}/jwks.json` });
  });

  afterAll(async () => {
    await fromFile?.stop();
    await fromUrl?.stop();
    keyServer?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it.each(["ES256", "EdDSA", "RS256"] as const)("accepts a %s token signed by a key in the JWKS, from a file or a URL", async (alg) => {
    expect(await fromFile.ask(await issue(keys[alg]))).toEqual({ code: status.OK, details: "analyst-7" });
    expect(await fromUrl.ask(await issue(keys[alg]))).toEqual({ code: status.OK, details: "analyst-7" });
  });

  it("refuses a token it accepted a moment ago once the token has expired", async () => {
    const exp = nowSeconds() + 2;
    const token = await issue(keys.ES256, { exp });
    expect(await fromFile.ask(token)).toEqual({ code: status.OK, details: "analyst-7" });
    expect(await fromFile.ask(token)).toEqual({ code: status.OK, details: "analyst-7" });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 20));
    expect(await fromFile.ask(token)).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringMatching(/the token has expired/) });
  });

  it("refuses a token without exp", async () => {
    const refused = await fromFile.ask(await issue(keys.ES256, { exp: undefined }));
    expect(refused.code).toBe(status.UNAUTHENTICATED);
    expect(refused.details).toMatch(/no expiry \(exp\)/);
  });

  it("refuses a token issued longer ago than the maximum age, even if it has not expired", async () => {
    const iat = nowSeconds() - TWELVE_HOURS - 60;
    const refused = await fromFile.ask(await issue(keys.EdDSA, { iat, exp: nowSeconds() + 3600 }));
    expect(refused.code).toBe(status.UNAUTHENTICATED);
    expect(refused.details).toMatch(/older than the maximum age of 12h/);
    const noIat = await fromFile.ask(await issue(keys.EdDSA, { iat: undefined }));
    expect(noIat).toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringMatching(/no issue time \(iat\)/) });
  });

  it("refuses a token for another service's audience", async () => {
    const refused = await fromFile.ask(await issue(keys.ES256, { aud: "mediation-centre/intake" }));
    expect(refused.code).toBe(status.UNAUTHENTICATED);
    expect(refused.details).toMatch(/for another audience.*mediation-centre\/routing/);
  });

  it("refuses a token signed by a key that is not in the JWKS, whatever key id it names", async () => {
    const unknownKid = await fromFile.ask(await issue(stranger));
    expect(unknownKid.code).toBe(status.UNAUTHENTICATED);
    expect(unknownKid.details).toMatch(/signed by a key that is not in the identity provider's key set/);
    const borrowedKid = await fromUrl.ask(await issue(impostor));
    expect(borrowedKid.code).toBe(status.UNAUTHENTICATED);
    expect(borrowedKid.details).toMatch(/signature does not verify/);
  });

  it("refuses an HS256 token once a JWKS is configured, and a token from another issuer", async () => {
    const hs = await signToken({ subject: "x", role: "analyst" }, { secret: "s".repeat(32), issuer: ISSUER, audience: AUDIENCE });
    expect(await fromFile.ask(hs)).toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringMatching(/HS256 .*not accepted/) });
    const foreign = await fromFile.ask(await issue(keys.ES256, { iss: "https://elsewhere.test" }));
    expect(foreign).toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringMatching(/issuer/) });
  });
});

describe("HS256 tokens for development", () => {
  const secret = "development-secret-of-at-least-32-characters";
  let dev: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    dev = await serve({ issuer: "mediation-centre", audience: AUDIENCE, secret, maxTokenAgeSeconds: TWELVE_HOURS });
  });
  afterAll(() => dev?.stop());

  it("accepts a token signed with AUTH_SECRET for this service's audience, and refuses one for another service", async () => {
    const settings = { secret, issuer: "mediation-centre" };
    expect((await dev.ask(await signToken({ subject: "a-1", role: "analyst" }, { ...settings, audience: AUDIENCE }))).code).toBe(status.OK);
    const elsewhere = await signToken({ subject: "a-1", role: "analyst" }, { ...settings, audience: "mediation-centre/intake" });
    expect((await dev.ask(elsewhere)).code).toBe(status.UNAUTHENTICATED);
  });

  it("still requires exp", async () => {
    const noExp = await new SignJWT({ role: "analyst" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("mediation-centre")
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .sign(new TextEncoder().encode(secret));
    expect(await dev.ask(noExp)).toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringMatching(/no expiry/) });
  });
});
