import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clockOf, loadMediationConfig } from "../src/config.js";

const PII_KEY = randomBytes(32).toString("base64");

describe("mediation's configuration", () => {
  it("refuses a setting an earlier release read, naming what replaced it", () => {
    expect(() => loadMediationConfig({ AUTH_SECRET: "a".repeat(32), CASE_DEADLINES: "PEOPLES_MEDIATION=P1M" })).toThrow(
      /CASE_DEADLINES: no longer read; use CHANNEL_PERIODS instead/,
    );
    expect(() => loadMediationConfig({ MEDIATION_CHANNELS: "PEOPLES_MEDIATION" })).toThrow(/MEDIATION_CHANNELS: .*roster's channels/);
  });

  it("reads CHANNEL_PERIODS when the old settings are absent; an entry replaces the default for its channel only", () => {
    const periods = loadMediationConfig({ CHANNEL_PERIODS: "PEOPLES_MEDIATION=PT16S", PII_KEY }).CHANNEL_PERIODS;
    expect(periods.PEOPLES_MEDIATION?.extension).toBeUndefined();
    expect(periods.LABOUR_MEDIATION?.period).not.toEqual(periods.PEOPLES_MEDIATION?.period);
    expect(periods.CONSUMER_ASSOCIATION).toBeDefined();
  });

  it("starts the clock at TEST_CLOCK_START and lets it run on; refuses an instant without its offset, naming the setting", () => {
    const clock = clockOf(loadMediationConfig({ PII_KEY, TEST_CLOCK_START: "2026-09-29T10:00:00+08:00" }));
    const first = clock().getTime();
    expect(Math.abs(first - Date.parse("2026-09-29T02:00:00Z"))).toBeLessThan(1_000);
    expect(clock().getTime()).toBeGreaterThanOrEqual(first);
    expect(Math.abs(clockOf(loadMediationConfig({ PII_KEY }))().getTime() - Date.now())).toBeLessThan(1_000);
    expect(() => loadMediationConfig({ PII_KEY, TEST_CLOCK_START: "2026-09-29 10:00" })).toThrow(/TEST_CLOCK_START/);
  });

  it("reads the timer sweeps' intervals as ISO-8601 durations, and refuses another spelling, naming the setting", () => {
    expect(loadMediationConfig({ PII_KEY })).toMatchObject({ TIMER_SWEEP_INTERVAL: 60_000, TIMER_FULL_SWEEP_INTERVAL: 3_600_000 });
    expect(loadMediationConfig({ PII_KEY, TIMER_FULL_SWEEP_INTERVAL: "P1DT12H" }).TIMER_FULL_SWEEP_INTERVAL).toBe(36 * 3_600_000);
    expect(() => loadMediationConfig({ PII_KEY, TIMER_FULL_SWEEP_INTERVAL: "6h" })).toThrow(
      /TIMER_FULL_SWEEP_INTERVAL: "6h" is not an ISO-8601 duration of at least a second; write one such as PT1M, PT6H or P1D/,
    );
    expect(() => loadMediationConfig({ PII_KEY, TIMER_SWEEP_INTERVAL: "PT0S" })).toThrow(/TIMER_SWEEP_INTERVAL: "PT0S"/);
  });

  it("needs the key that seals notes and obligations, and reads the retention period", () => {
    expect(() => loadMediationConfig({})).toThrow(/PII_KEY: is required/);
    expect(loadMediationConfig({ PII_KEY, RETENTION_PERIOD: "P10Y" }).RETENTION_PERIOD).toMatchObject({ years: 10 });
  });
});
