// Who a person is to the services: claims mapped to roles, the token the services accept, the
// configuration a production console needs, and a service's field problems read for a form.
import { Metadata } from "@grpc/grpc-js";
import { Authenticator } from "@mediation/grpc-kit";
import { describe, expect, it } from "vitest";
import { loadConsoleConfig } from "../src/config.js";
import { fieldProblems } from "../src/errors.js";
import { parseRoleMap, personFromClaims, personOf, tokenFor } from "../src/people.js";

const mapping = {
  roleClaim: "groups",
  roles: parseRoleMap("mc-clerk=centre, mc-mediator=mediator,broken"),
  centreClaim: "centre",
  mediatorClaim: "mediator",
};

describe("people", () => {
  it("maps the provider's claims to a role and what it is bound to", () => {
    expect(personFromClaims({ sub: "u1", groups: ["x", "mc-mediator"], mediator: "M-JD01-01" }, mapping)).toMatchObject({
      role: "mediator",
      mediatorId: "M-JD01-01",
      centreCode: "",
    });
    expect(personFromClaims({ sub: "u2", groups: "mc-clerk", centre: "JD02", name: "李四" }, mapping)).toMatchObject({
      role: "centre",
      centreCode: "JD02",
      name: "李四",
    });
    expect(personFromClaims({ sub: "u3", groups: ["admin"] }, mapping)).toMatch(/no role this console knows/);
    expect(personFromClaims({ sub: "u4", groups: ["mc-clerk"] }, mapping)).toMatch(/a centre needs its code/);
  });

  it("never gives the console's sessions an admin or service role", () => {
    expect(personOf("s", "", "admin", "", "")).toMatch(/role must be one of centre, mediator, supervisor, analyst/);
    expect(personOf("s", "", "service", "", "")).toMatch(/role must be one of/);
  });

  it("signs a token the services accept, carrying the person's role and centre", async () => {
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

  it("asks a production console for its OpenID Connect settings, by name", () => {
    expect(() => loadConsoleConfig({})).toThrow(
      /AUTH_SECRET, OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: required/,
    );
    expect(loadConsoleConfig({ DEV_AUTH_SECRET: "d".repeat(32) }).CONSOLE_PORT).toBe(8080);
  });

  it("reads each field's problem out of an INVALID_ARGUMENT message", () => {
    expect(fieldProblems("summary: is required: what the dispute is about; parties[1].name: is required, at most 100 characters")).toEqual([
      { field: "summary", problem: "is required: what the dispute is about" },
      { field: "parties[1].name", problem: "is required, at most 100 characters" },
    ]);
  });
});
