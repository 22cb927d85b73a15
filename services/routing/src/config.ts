import { commonSchema, loadConfig, z } from "@mediation/config";

export const routingConfigSchema = {
  ...commonSchema,
  ROUTING_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50052),
  /** SMALL_DEBT at or under this is mediation-first; default 50,000 yuan. */
  SMALL_DEBT_THRESHOLD_FEN: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(5_000_000),
};

export const loadRoutingConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(routingConfigSchema, env);
