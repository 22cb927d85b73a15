import { audienceSchema, commonSchema, loadConfig, z } from "@mediation/config";

export const statisticsConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("statistics"),
  STATISTICS_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50054),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Prefix of this deployment's BullMQ keys in Redis; default: the event namespace. */
  QUEUE_PREFIX: z.string().optional(),
  /** Pause between two checks while the month-end freeze waits for the consumer to catch up. */
  FREEZE_RETRY_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
  /**
   * Where a rebuild keeps the read model it counts into, in a folder of its own removed afterwards
   * (about 200 bytes per event of the history); default: the system's temporary folder.
   */
  REBUILD_DIR: z.string().optional(),
  /** Tests only: the service's clock starts at this instant and runs on from there (e.g. just before a month ends). */
  TEST_CLOCK_START: z.string().datetime({ offset: true }).optional(),
};

/** The service's clock: real time, or real time shifted to start at TEST_CLOCK_START. */
export function clockOf(config: { TEST_CLOCK_START?: string | undefined }): () => Date {
  if (!config.TEST_CLOCK_START) return () => new Date();
  const offset = Date.parse(config.TEST_CLOCK_START) - Date.now();
  return () => new Date(Date.now() + offset);
}

export const loadStatisticsConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(statisticsConfigSchema, env);
