import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig, piiKeySchema, piiKeysOf, retentionEndsAt, retentionSchema } from "../src/index.js";

const key = () => randomBytes(32).toString("base64");

describe("the keys that seal personal data", () => {
  it("put PII_KEY first under PII_KEY_ID, then the old keys in order", () => {
    const [a, b, c] = [key(), key(), key()];
    const config = loadConfig(piiKeySchema, { PII_KEY: a, PII_KEY_ID: "k3", PII_OLD_KEYS: `k2=${b}, k1=${c}` });
    expect(piiKeysOf(config).map((e) => [e.id, e.key.toString("base64")])).toEqual([
      ["k3", a],
      ["k2", b],
      ["k1", c],
    ]);
    expect(piiKeysOf(loadConfig(piiKeySchema, { PII_KEY: a })).map((e) => e.id)).toEqual(["k1"]);
  });

  it("stop the start naming each malformed old key and what is wrong", () => {
    const config = loadConfig(piiKeySchema, { PII_KEY: key(), PII_KEY_ID: "k2", PII_OLD_KEYS: `k1,K0=${key()},k9=c2hvcnQ=,k2=${key()}` });
    const error = (() => {
      try {
        piiKeysOf(config);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toContain("PII_OLD_KEYS[0]: must be id=base64");
    expect(error).toContain("PII_OLD_KEYS[1]: must be id=base64");
    expect(error).toContain('PII_OLD_KEYS[2] ("k9"): the key must be base64 of exactly 32 bytes');
    expect(error).toContain('PII_OLD_KEYS[3]: key id "k2" is given twice');
    expect(() => loadConfig(piiKeySchema, { PII_KEY: "c2hvcnQ=" })).toThrow(/PII_KEY: must be base64 of exactly 32 bytes/);
    expect(() => loadConfig(piiKeySchema, {})).toThrow(/PII_KEY: is required/);
  });
});

describe("the retention period", () => {
  it("defaults to thirty years and counts years on the calendar", () => {
    const { RETENTION_PERIOD } = loadConfig(retentionSchema, {});
    expect(RETENTION_PERIOD.text).toBe("P30Y");
    expect(retentionEndsAt(new Date("2026-02-28T16:00:00Z"), RETENTION_PERIOD).toISOString()).toBe("2056-02-28T16:00:00.000Z");
    const short = loadConfig(retentionSchema, { RETENTION_PERIOD: "P1DT1S" }).RETENTION_PERIOD;
    expect(retentionEndsAt(new Date("2026-01-01T00:00:00Z"), short).toISOString()).toBe("2026-01-02T00:00:01.000Z");
  });

  it("refuses what is not a positive duration in years, days or less", () => {
    for (const text of ["30", "P0D", "P1M", "P", "P1Y2M"]) {
      expect(() => loadConfig(retentionSchema, { RETENTION_PERIOD: text }), text).toThrow(/RETENTION_PERIOD: must be a positive/);
    }
  });
});
