import { fileURLToPath } from "node:url";
import { audienceSchema, commonSchema, loadConfig, z } from "@mediation/config";

export const DEFAULT_POLICY = fileURLToPath(new URL("../policy.yaml", import.meta.url));

export const routingConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("routing"),
  ROUTING_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50052),
  /** The routing policy (YAML); reloaded when it changes, or on SIGHUP. */
  ROUTING_POLICY_FILE: z.string().default(DEFAULT_POLICY),
};

export const loadRoutingConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(routingConfigSchema, env);
