// Who a person is to the services: the access token's claims read as the services read them, the
// development token the services accept, the configuration a production console needs (and no
// signing key), and a service's field problems read for a form.
import { Metadata } from "@grpc/grpc-js";
import { Authenticator } from "@mediation/grpc-kit";
import { describe, expect, it } from "vitest";
import { loadConsoleConfig } from "../src/config.js";
import { fieldProblems } from "../src/errors.js";
import { personFromToken, personOf, tokenFor } from "../src/people.js";

/** An unsigned token with these claims: only what the page shows is read from it. */
const tokenWith = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
const exp = Math.floor(Date.now() / 1000) + 300;

describe("people", () => {
  it("reads the person from the access token's claims, as the services do", () => {
    expect(personFromToken(tokenWith({ sub: "u1", role: "mediator", mediator: "M-JD01-01", exp }), {})).toMatchObject({
      person: { role: "mediator", mediatorId: "M-JD01-01", centreCode: "" },
      expiresAt: exp * 1000,
    });
    expect(personFromToken(tokenWith({ sub: "u2", role: "centre", centre: "JD02", exp }), { name: "李四" })).toMatchObject({
      person: { role: "centre", centreCode: "JD02", name: "李四" },
    });
    expect(personFromToken(tokenWith({ sub: "u3", role: "admin", exp }), {})).toMatch(/role must be one of/);
    expect(personFromToken(tokenWith({ sub: "u4", role: "centre", exp }), {})).toMatch(/a centre needs its code/);
    expect(personFromToken(tokenWith({ sub: "u5", role: "analyst" }), {})).toMatch(/no expiry/);
    expect(personFromToken("opaque-access-token", {})).toMatch(/not a JWT/);
  });

  it("never gives the console's sessions an admin or service role", () => {
    expect(personOf("s", "", "admin", "", "")).toMatch(/role must be one of centre, mediator, supervisor, analyst/);
    expect(personOf("s", "", "service", "", "")).toMatch(/role must be one of/);
  });

  it("signs a development token the services accept, carrying the person's role and centre", async () => {
    const key = {
      secret: "a-service-key-of-at-least-thirty-two-characters",
      issuer: "mediation-centre",
      audience: "mediation-centre/intake",
    };
    const person = personOf("u2", "李四", "centre", "JD02", "");
    if (typeof person === "string") throw new Error(person);
    const metadata = new Metadata();
    metadata.set("authorization", `Bearer ${await tokenFor(person, key, 8)}`);
    const principal = await new Authenticator({ ...key, maxTokenAgeSeconds: 12 * 3600 }).require({ metadata }, ["centre"]);
    expect(principal).toMatchObject({ subject: "u2", role: "centre", centreCode: "JD02" });
  });

  it("asks a production console for its OpenID Connect settings, by name, and for no signing key", () => {
    expect(() => loadConsoleConfig({})).toThrow(/OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: required/);
    const production = loadConsoleConfig({
      OIDC_ISSUER_URL: "https://id.example.test/realms/district",
      OIDC_CLIENT_ID: "console",
      OIDC_CLIENT_SECRET: "s",
      OIDC_REDIRECT_URL: "https://console.example.test/auth/callback",
    });
    expect(Object.keys(production).filter((name) => name.includes("SECRET"))).toEqual(["OIDC_CLIENT_SECRET"]);
    expect(loadConsoleConfig({ DEV_AUTH_SECRET: "d".repeat(32) }).CONSOLE_PORT).toBe(8080);
  });

  it("reads each field's problem out of an INVALID_ARGUMENT message", () => {
    expect(fieldProblems("summary: is required: what the dispute is about; parties[1].name: is required, at most 100 characters")).toEqual([
      { field: "summary", problem: "is required: what the dispute is about" },
      { field: "parties[1].name", problem: "is required, at most 100 characters" },
    ]);
  });
});
