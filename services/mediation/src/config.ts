import { fileURLToPath } from "node:url";
import { commonSchema, loadConfig, z } from "@mediation/config";
import { CHANNELS, type ChannelCode } from "@mediation/contracts";

export const DEFAULT_ROSTER = fileURLToPath(new URL("../roster.json", import.meta.url));

export const mediationConfigSchema = {
  ...commonSchema,
  MEDIATION_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50053),
  /** JSON array of mediators: mediatorId, displayName, centreCode, categories, capacity, status. */
  ROSTER_FILE: z.string().default(DEFAULT_ROSTER),
  /** Comma-separated channels this service mediates. */
  MEDIATION_CHANNELS: z
    .string()
    .default("PEOPLES_MEDIATION")
    .transform((text) => text.split(",").map((c) => c.trim()))
    .refine((list) => list.every((c) => CHANNELS.includes(c as ChannelCode)), `each must be one of ${CHANNELS.join(", ")}`)
    .transform((list) => new Set(list as ChannelCode[])),
};

export const loadMediationConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(mediationConfigSchema, env);
