// The keys that seal personal data at rest (docs/architecture.md#sealed-personal-data): PII_KEY with its id
// PII_KEY_ID seals everything new; PII_OLD_KEYS lists earlier keys, `id=base64` separated by commas, which still
// open what they sealed until `mediation keys reseal` has moved it to the newest. A malformed set stops the start.
import { z } from "zod";
import { ConfigError, intervalMs, isoDurationSeconds } from "./index.js";

const KEY_ID = /^[a-z0-9-]{1,16}$/;
const is32Bytes = (text: string) => /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, "base64").length === 32;

export const piiKeySchema = {
  /** The newest AES-256 key: base64 of 32 random bytes. */
  PII_KEY: z
    .string({
      error:
        "is required: the AES-256 key that seals personal data at rest. Make one with `openssl rand -base64 32` (pnpm start makes development ones under .data/)",
    })
    .refine(is32Bytes, "must be base64 of exactly 32 bytes, e.g. from `openssl rand -base64 32`"),
  /** Names PII_KEY in what it seals. */
  PII_KEY_ID: z.string().regex(KEY_ID, "must be 1-16 lower-case letters, digits or -").default("k1"),
  /** Earlier keys that still open: `k1=base64,k0=base64`. */
  PII_OLD_KEYS: z.string().default(""),
};

export interface PiiKeyEntry {
  id: string;
  key: Buffer;
}

/** The key set, newest first; a malformed PII_OLD_KEYS stops the start naming the entry and what is wrong. */
export function piiKeysOf(config: { PII_KEY: string; PII_KEY_ID: string; PII_OLD_KEYS: string }): PiiKeyEntry[] {
  const entries: PiiKeyEntry[] = [{ id: config.PII_KEY_ID, key: Buffer.from(config.PII_KEY, "base64") }];
  const problems: string[] = [];
  const parts = config.PII_OLD_KEYS.split(",").map((p) => p.trim());
  parts.forEach((part, i) => {
    if (part === "") return;
    const at = part.indexOf("=");
    const id = at > 0 ? part.slice(0, at) : "";
    const key = at > 0 ? part.slice(at + 1) : "";
    const where = `PII_OLD_KEYS[${i}]`;
    if (!KEY_ID.test(id)) problems.push(`${where}: must be id=base64 with an id of 1-16 lower-case letters, digits or -`);
    else if (!is32Bytes(key)) problems.push(`${where} ("${id}"): the key must be base64 of exactly 32 bytes`);
    else if (entries.some((e) => e.id === id)) problems.push(`${where}: key id "${id}" is given twice (PII_KEY_ID or another entry)`);
    else entries.push({ id, key: Buffer.from(key, "base64") });
  });
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return entries;
}

/** A retention period: whole years, and seconds (from days, hours, minutes and seconds). */
export interface RetentionPeriod {
  years: number;
  seconds: number;
  text: string;
}

/** `P30Y`, `P10Y6M` is not accepted (months vary); `P365D`, `PT1H` are. Parsed here so a typo stops the start. */
export function parseRetention(text: string): RetentionPeriod | undefined {
  const match = /^P(?:(\d+)Y)?((?:\d+D)?(?:T.*)?)$/.exec(text);
  if (!match || text === "P") return undefined;
  const years = Number(match[1] ?? 0);
  const rest = match[2] ?? "";
  const seconds = rest === "" ? 0 : isoDurationSeconds(`P${rest}`);
  if (seconds === undefined || years + seconds <= 0) return undefined;
  return { years, seconds, text };
}

export const retentionSchema = {
  /**
   * How long personal data is kept after a dispute is closed or withdrawn (docs/domain-rules.md#retention): an
   * ISO-8601 duration in years, days or less. Then the dispute's data key is destroyed.
   */
  RETENTION_PERIOD: z
    .string()
    .default("P30Y")
    .transform((text, ctx) => {
      const period = parseRetention(text);
      if (!period) {
        ctx.addIssue({ code: "custom", message: "must be a positive ISO-8601 duration in years, days or less, e.g. P30Y, P3650D or PT1H" });
        return z.NEVER;
      }
      return period;
    }),
  /** How often the erasure sweep looks for disputes whose retention has ended. */
  RETENTION_SWEEP_INTERVAL: intervalMs("PT1H"),
};

/** When a dispute closed or withdrawn at `endedAt` is to have its personal data erased. */
export function retentionEndsAt(endedAt: Date, period: RetentionPeriod): Date {
  const end = new Date(endedAt.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + period.years);
  return new Date(end.getTime() + period.seconds * 1000);
}
