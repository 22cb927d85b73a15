import { describe, expect, it } from "vitest";
import { audienceSchema, authSettingsOf, ConfigError, commonSchema, isoDurationSeconds, loadConfig } from "../src/index.js";

const schema = { ...commonSchema, AUTH_AUDIENCE: audienceSchema("intake") };

describe("token settings", () => {
  it("default to this service's own audience and a twelve-hour maximum token age", () => {
    const config = loadConfig(schema, { AUTH_SECRET: "s".repeat(32) });
    expect(authSettingsOf(config)).toEqual({
      issuer: "mediation-centre",
      audience: "mediation-centre/intake",
      maxTokenAgeSeconds: 43_200,
      secret: "s".repeat(32),
    });
  });

  it("take the identity provider's JWKS and an explicit audience and age", () => {
    const config = loadConfig(schema, { AUTH_JWKS: "/etc/idp/jwks.json", AUTH_AUDIENCE: "intake.example", AUTH_MAX_TOKEN_AGE: "PT30M" });
    expect(authSettingsOf(config)).toMatchObject({ jwks: "/etc/idp/jwks.json", audience: "intake.example", maxTokenAgeSeconds: 1_800 });
  });

  it("stop the service with neither a JWKS nor a development secret, or with a bad maximum age", () => {
    expect(() => authSettingsOf(loadConfig(schema, {}))).toThrow(/AUTH_JWKS: is required/);
    expect(() => loadConfig(schema, { AUTH_SECRET: "s".repeat(32), AUTH_MAX_TOKEN_AGE: "12h" })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
  });

  it("read ISO-8601 durations of days, hours, minutes and seconds", () => {
    expect([isoDurationSeconds("PT12H"), isoDurationSeconds("P1DT1M"), isoDurationSeconds("PT45S")]).toEqual([43_200, 86_460, 45]);
    expect([isoDurationSeconds("P"), isoDurationSeconds("PT"), isoDurationSeconds("12h"), isoDurationSeconds("P1W")]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
