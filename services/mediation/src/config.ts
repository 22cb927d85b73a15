import { fileURLToPath } from "node:url";
import { audienceSchema, commonSchema, isoDurationSeconds, loadConfig, z } from "@mediation/config";
import { CHANNELS, type ChannelCode } from "@mediation/contracts";
import type { MediationSettings } from "./application/settings.js";
import { type Duration, parseDuration } from "./domain/duration.js";

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

const channelList = z
  .string()
  .transform((text) => text.split(",").map((c) => c.trim()))
  .refine((list) => list.every((c) => CHANNELS.includes(c as ChannelCode)), `each must be one of ${CHANNELS.join(", ")}`);

/** "PEOPLES_MEDIATION=P1M,LABOUR_MEDIATION=P15D" */
const deadlineMap = z
  .string()
  .default("PEOPLES_MEDIATION=P1M,LABOUR_MEDIATION=P15D")
  .transform((text, ctx) => {
    const map: Partial<Record<ChannelCode, Duration>> = {};
    for (const pair of text.split(",").filter(Boolean)) {
      const [channel, period] = pair.split("=").map((s) => s.trim());
      if (!CHANNELS.includes(channel as ChannelCode) || !period) {
        ctx.addIssue({ code: "custom", message: `"${pair}" must be CHANNEL=DURATION, e.g. PEOPLES_MEDIATION=P1M` });
        return z.NEVER;
      }
      try {
        map[channel as ChannelCode] = parseDuration(period);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }
    return map;
  });

export const mediationConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("mediation"),
  MEDIATION_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50053),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Prefix of this deployment's BullMQ keys in Redis; default: the event namespace. */
  QUEUE_PREFIX: z.string().optional(),
  /** JSON { mediators: [...], supervisors: {...} }; seeds the roster on first start. */
  ROSTER_FILE: z.string().default(DEFAULT_ROSTER),
  /** Comma-separated channels this service offers to mediators. */
  MEDIATION_CHANNELS: channelList.default(["PEOPLES_MEDIATION"]).transform((list) => new Set(list as ChannelCode[])),
  OFFER_TIMEOUT: duration("PT4H"),
  MAX_OFFERS: z.coerce.number().int().min(1).max(50).default(3),
  /** Time to close from acceptance, per channel (docs/domain-rules.md#deadlines). */
  CASE_DEADLINES: deadlineMap,
  DEFAULT_CASE_DEADLINE: duration("P1M"),
  DEADLINE_EXTENSION: duration("P1M"),
  DEADLINE_REMINDER_BEFORE: duration("P3D"),
  /** Art. 33: joint application for judicial confirmation within 30 days. */
  CONFIRMATION_WINDOW: duration("P30D"),
  CONFIRMATION_REMINDER_BEFORE: duration("P5D"),
  DISTRICT_POOL_CODE: z.string().default("DISTRICT"),
  /** How often the timers in Redis are reconciled with the open cases (docs/architecture.md#timers). */
  TIMER_SWEEP_INTERVAL: z
    .string()
    .default("PT1M")
    .transform((text, ctx) => {
      const seconds = isoDurationSeconds(text);
      if (!seconds) ctx.addIssue({ code: "custom", message: `"${text}" is not an ISO-8601 duration of at least a second, such as PT1M` });
      return (seconds ?? 0) * 1000;
    }),
};

export const loadMediationConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(mediationConfigSchema, env);

export function settingsOf(config: ReturnType<typeof loadMediationConfig>): MediationSettings {
  return {
    offerTimeout: config.OFFER_TIMEOUT,
    maxOffers: config.MAX_OFFERS,
    deadlines: config.CASE_DEADLINES,
    defaultDeadline: config.DEFAULT_CASE_DEADLINE,
    extension: config.DEADLINE_EXTENSION,
    deadlineReminderBefore: config.DEADLINE_REMINDER_BEFORE,
    confirmationWindow: config.CONFIRMATION_WINDOW,
    confirmationReminderBefore: config.CONFIRMATION_REMINDER_BEFORE,
    districtPoolCode: config.DISTRICT_POOL_CODE,
  };
}
