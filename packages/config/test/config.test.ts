import { describe, expect, it } from "vitest";
import { authSettingsOf, commonSchema, loadConfig } from "../src/index.js";

const AUTH_SECRET = "a".repeat(32);

describe("the shared configuration", () => {
  it("refuses to verify tokens with neither AUTH_JWKS nor AUTH_SECRET, naming both", () => {
    const config = { ...loadConfig(commonSchema, {}), AUTH_AUDIENCE: "mediation-centre/intake" };
    expect(() => authSettingsOf(config)).toThrow(/AUTH_JWKS: is required: .*AUTH_SECRET instead/);
  });

  it("carries the log level and the OTLP endpoint, with info and none by default", () => {
    const defaults = loadConfig(commonSchema, { AUTH_SECRET });
    expect(defaults.LOG_LEVEL).toBe("info");
    expect(defaults.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    const set = loadConfig(commonSchema, { AUTH_SECRET, LOG_LEVEL: "debug", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" });
    expect(set).toMatchObject({ LOG_LEVEL: "debug", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" });
  });

  it("names a bad log level or endpoint", () => {
    expect(() => loadConfig(commonSchema, { AUTH_SECRET, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL:/);
    expect(() => loadConfig(commonSchema, { AUTH_SECRET, OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
  });
});
