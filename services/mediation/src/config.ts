import { fileURLToPath } from "node:url";
import { audienceSchema, ConfigError, commonSchema, intervalMs, loadConfig, piiKeySchema, retentionSchema, z } from "@mediation/config";
import type { MediationSettings } from "./application/settings.js";
import { DEFAULT_CHANNEL_PERIODS, parseChannelPeriods } from "./domain/channel-periods.js";
import { parseDuration } from "./domain/duration.js";
import type { WorkingCalendar } from "./domain/working-calendar.js";

export const DEFAULT_ROSTER = fileURLToPath(new URL("../roster.json", import.meta.url));

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    });

/** "LABOUR_MEDIATION=P15D,CONSUMER_ASSOCIATION=7WD": each entry replaces the default's for its channel. */
const channelPeriods = z
  .string()
  .default("")
  .transform((text, ctx) => {
    try {
      return { ...parseChannelPeriods(DEFAULT_CHANNEL_PERIODS), ...parseChannelPeriods(text) };
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

export const mediationConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("mediation"),
  MEDIATION_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50053),
  /** PII_KEY, PII_KEY_ID, PII_OLD_KEYS: seal notes, obligations and reasons (docs/architecture.md#sealed-personal-data). */
  ...piiKeySchema,
  ...retentionSchema,
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Prefix of this deployment's BullMQ keys in Redis; default: the event namespace. */
  QUEUE_PREFIX: z.string().optional(),
  /** JSON { mediators: [...], supervisors: {...} }; seeds the roster on first start. */
  ROSTER_FILE: z.string().default(DEFAULT_ROSTER),
  OFFER_TIMEOUT: duration("PT4H"),
  MAX_OFFERS: z.coerce.number().int().min(1).max(50).default(3),
  /** Time to close from acceptance and the one extension, per channel (docs/domain-rules.md#deadlines). */
  CHANNEL_PERIODS: channelPeriods,
  /** Folder of the working calendar's year files; empty for the shipped calendar/. */
  WORKING_CALENDAR_DIR: z.string().optional(),
  DEADLINE_REMINDER_BEFORE: duration("P3D"),
  /** Art. 33: joint application for judicial confirmation within 30 days. */
  CONFIRMATION_WINDOW: duration("P30D"),
  CONFIRMATION_REMINDER_BEFORE: duration("P5D"),
  DISTRICT_POOL_CODE: z.string().default("DISTRICT"),
  /** How often the timers in Redis are swept: the cases in doubt, or all of them when Redis lost jobs (docs/architecture.md#timers). */
  TIMER_SWEEP_INTERVAL: intervalMs("PT1M"),
  /** At most this long between two full sweeps, which read every open case, even when Redis seems to have lost nothing. */
  TIMER_FULL_SWEEP_INTERVAL: intervalMs("PT1H"),
  /**
   * Tests only: the service's clock starts at this instant and runs on from there, e.g. just before a
   * public holiday. Acceptance, deadlines, timers and the calendar's required years all follow it.
   */
  TEST_CLOCK_START: z.string().datetime({ offset: true }).optional(),
};

/** The service's clock: real time, or real time shifted to start at TEST_CLOCK_START. */
export function clockOf(config: { TEST_CLOCK_START?: string | undefined }): () => Date {
  if (!config.TEST_CLOCK_START) return () => new Date();
  const offset = Date.parse(config.TEST_CLOCK_START) - Date.now();
  return () => new Date(Date.now() + offset);
}

/** Settings an earlier release read: set, they would be ignored without a word, so they stop the start. */
const REPLACED = {
  CASE_DEADLINES: "CHANNEL_PERIODS",
  DEADLINE_EXTENSION: "CHANNEL_PERIODS (+ext:)",
  MEDIATION_CHANNELS: "the roster's channels",
};

export function loadMediationConfig(env: Record<string, string | undefined> = process.env) {
  const stale = Object.entries(REPLACED).filter(([name]) => env[name] !== undefined);
  if (stale.length)
    throw new ConfigError(
      `invalid configuration:\n${stale.map(([name, now]) => `  ${name}: no longer read; use ${now} instead`).join("\n")}`,
    );
  return loadConfig(mediationConfigSchema, env);
}

export function settingsOf(config: ReturnType<typeof loadMediationConfig>, calendar: WorkingCalendar): MediationSettings {
  return {
    offerTimeout: config.OFFER_TIMEOUT,
    maxOffers: config.MAX_OFFERS,
    periods: config.CHANNEL_PERIODS,
    calendar,
    deadlineReminderBefore: config.DEADLINE_REMINDER_BEFORE,
    confirmationWindow: config.CONFIRMATION_WINDOW,
    confirmationReminderBefore: config.CONFIRMATION_REMINDER_BEFORE,
    districtPoolCode: config.DISTRICT_POOL_CODE,
  };
}
