import { audienceSchema, commonSchema, loadConfig, z } from "@mediation/config";

export const statisticsConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("statistics"),
  STATISTICS_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50054),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Prefix of this deployment's BullMQ keys in Redis; default: the event namespace. */
  QUEUE_PREFIX: z.string().optional(),
};

export const loadStatisticsConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(statisticsConfigSchema, env);
