import { commonSchema, loadConfig, z } from "@mediation/config";

export const statisticsConfigSchema = {
  ...commonSchema,
  STATISTICS_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50054),
};

export const loadStatisticsConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(statisticsConfigSchema, env);
