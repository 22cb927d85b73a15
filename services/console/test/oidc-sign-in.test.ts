// Production sign-in against a stand-in identity provider on this machine: authorization code with
// PKCE, the session in a secure HttpOnly SameSite cookie, and the provider's access token forwarded
// to a gRPC service that verifies it with the provider's JWKS (the console signs nothing). The token
// is renewed with the refresh token as it nears expiry; when it cannot be, the session ends with a
// sign-in-again message in Chinese. A bad state, a missing pending sign-in, or an unknown role start
// no session; the development page is absent.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConsoleConfig, type RunningConsole, startConsole } from "../src/index.js";
import { type Access, type FakeProvider, SERVICE_AUDIENCES, startFakeProvider } from "./fake-identity-provider.js";
import { type CheckingIntake, startCheckingIntake } from "./token-checking-intake.js";

/** A browser, as far as cookies and redirects go. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookieLines: string[] = [];
  constructor(private readonly base: string) {}
  async get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(new URL(path, this.base), {
      redirect: "manual",
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...headers },
    });
    for (const line of response.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
}

describe("OpenID Connect sign-in", () => {
  let provider: FakeProvider;
  let intake: CheckingIntake;
  let web: RunningConsole;
  const webDir = mkdtempSync(join(tmpdir(), "console-web-"));

  beforeAll(async () => {
    provider = await startFakeProvider("console", "client-secret-1");
    intake = await startCheckingIntake(provider.issuer, provider.jwksUrl);
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>console</title>");
    web = await startConsole(
      loadConsoleConfig({
        CONSOLE_PORT: "0",
        MEDIATION_INTAKE_ADDR: intake.address,
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: "console",
        OIDC_CLIENT_SECRET: "client-secret-1",
        OIDC_REDIRECT_URL: "http://127.0.0.1/auth/callback",
      }),
      { webDir, oidcOverHttp: true },
    );
  });

  afterAll(async () => {
    await web?.stop();
    await intake?.stop();
    await provider?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const startSignIn = async (browser: Browser) => {
    const login = await browser.get("/auth/login");
    expect(login.status).toBe(302);
    return login.headers.get("location") ?? "";
  };

  /** Signs a new browser in as a JD01 clerk whose access token lives `seconds`. */
  const signedInClerk = async (sub: string, access: Partial<Access> = {}) => {
    const browser = new Browser(web.url);
    const location = await startSignIn(browser);
    const code = provider.authorize(location, { sub, name: "王芳" }, { claims: { role: "centre", centre: "JD01" }, ...access });
    const callback = await browser.get(`/auth/callback?code=${code}&state=${new URL(location).searchParams.get("state")}`);
    expect(callback.headers.get("location")).toBe("/");
    return browser;
  };

  it("signs a clerk in with code + PKCE and forwards the provider's access token, which the service verifies", async () => {
    const browser = new Browser(web.url);
    const location = await startSignIn(browser);
    const params = new URL(location).searchParams;
    expect(location.startsWith(`${provider.issuer}/authorize?`)).toBe(true);
    expect(params.get("response_type")).toBe("code");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get("state")).toBeTruthy();
    expect(params.get("nonce")).toBeTruthy();
    expect(params.has("code_verifier")).toBe(false);

    const code = provider.authorize(location, { sub: "u-1", name: "王芳" }, { claims: { role: "centre", centre: "JD01" } });
    const callback = await browser.get(`/auth/callback?code=${code}&state=${params.get("state")}`);
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/");
    expect(provider.refused).toEqual([]);
    const sessionCookie = browser.setCookieLines.find((line) => line.startsWith("mc_session="));
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/Secure/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);

    const session = (await (await browser.get("/api/session")).json()) as Record<string, unknown>;
    expect(session).toMatchObject({
      signedIn: true,
      signIn: "oidc",
      person: { subject: "u-1", name: "王芳", role: "centre", centreCode: "JD01", mediatorId: "" },
    });

    // The service, verifying with the provider's keys, accepts the token the console forwarded.
    const before = intake.accepted.length;
    const list = await browser.get("/api/disputes");
    expect(list.status).toBe(200);
    const seen = intake.accepted.slice(before);
    expect(seen.map((call) => call.principal)).toEqual([{ subject: "u-1", role: "centre", centreCode: "JD01", mediatorId: "" }]);
    const header = JSON.parse(Buffer.from(seen[0]?.token.split(".")[0] ?? "", "base64url").toString()) as { alg: string };
    const claims = JSON.parse(Buffer.from(seen[0]?.token.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(header.alg).toBe("RS256");
    expect(claims).toMatchObject({ iss: provider.issuer, aud: SERVICE_AUDIENCES });
  });

  it("renews the access token with the refresh token as it nears expiry", async () => {
    const browser = await signedInClerk("u-5", { seconds: 2 });
    const refreshedBefore = provider.refreshed;
    const before = intake.accepted.length;
    expect((await browser.get("/api/disputes")).status).toBe(200);
    expect((await browser.get("/api/disputes")).status).toBe(200);
    expect(provider.refreshed).toBe(refreshedBefore + 1);
    const [first, second] = intake.accepted.slice(before).map((call) => call.token);
    expect(first).toBe(second);
    const exp = JSON.parse(Buffer.from(first?.split(".")[1] ?? "", "base64url").toString()).exp as number;
    expect(exp * 1000).toBeGreaterThan(Date.now() + 60_000);
  });

  it("ends the session when the token expires and cannot be renewed, asking in Chinese to sign in again", async () => {
    const browser = await signedInClerk("u-6", { seconds: 2 });
    provider.revokeRefreshTokens();
    const before = intake.accepted.length;
    const refused = await browser.get("/api/disputes");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "UNAUTHENTICATED", message: expect.stringContaining("请重新登录") } });
    expect(intake.accepted.length).toBe(before);
    expect(await (await browser.get("/api/session")).json()).toMatchObject({ signedIn: false });
  });

  it("starts no session for a wrong state, a sign-in not started here, or a role it does not know", async () => {
    const wrongState = new Browser(web.url);
    const location = await startSignIn(wrongState);
    const clerk = { claims: { role: "centre", centre: "JD01" } };
    const code = provider.authorize(location, { sub: "u-2" }, clerk);
    const answer = await wrongState.get(`/auth/callback?code=${code}&state=forged`);
    expect(answer.headers.get("location")).toMatch(/^\/\?signInError=/);
    expect(wrongState.cookies.has("mc_session")).toBe(false);

    const elsewhere = new Browser(web.url);
    const started = new Browser(web.url);
    const otherLocation = await startSignIn(started);
    const otherCode = provider.authorize(otherLocation, { sub: "u-3" }, clerk);
    const stolen = await elsewhere.get(`/auth/callback?code=${otherCode}&state=${new URL(otherLocation).searchParams.get("state")}`);
    expect(stolen.headers.get("location")).toMatch(/signInError=/);
    expect(elsewhere.cookies.has("mc_session")).toBe(false);

    const stranger = new Browser(web.url);
    const strangerLocation = await startSignIn(stranger);
    const strangerCode = provider.authorize(strangerLocation, { sub: "u-4" }, { claims: { role: "visitor" } });
    const refused = await stranger.get(`/auth/callback?code=${strangerCode}&state=${new URL(strangerLocation).searchParams.get("state")}`);
    expect(decodeURIComponent(refused.headers.get("location") ?? "")).toContain(
      "role must be one of centre, mediator, supervisor, analyst",
    );
    expect(stranger.cookies.has("mc_session")).toBe(false);
  });

  it("has no development sign-in in production", async () => {
    const browser = new Browser(web.url);
    const session = (await (await browser.get("/api/session")).json()) as { csrfToken: string; signIn: string };
    expect(session.signIn).toBe("oidc");
    const response = await fetch(new URL("/auth/dev", web.url), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-csrf-token": session.csrfToken,
        cookie: `mc_csrf=${browser.cookies.get("mc_csrf")}`,
      },
      body: JSON.stringify({ role: "analyst" }),
    });
    expect(response.status).toBe(404);
  });

  it("serves the app's page with a content security policy, cookies secure and HttpOnly", async () => {
    const browser = new Browser(web.url);
    const page = await browser.get("/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    await browser.get("/api/session");
    expect(browser.setCookieLines.find((line) => line.startsWith("mc_csrf="))).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/i);
  });

  it("answers the orchestrator's probe on /healthz without a session, and never from a cache", async () => {
    const response = await fetch(new URL("/healthz", web.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});
