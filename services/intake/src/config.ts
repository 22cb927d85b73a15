import { audienceSchema, commonSchema, loadConfig, requiredSecret, z } from "@mediation/config";

export const intakeConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("intake"),
  INTAKE_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50051),
  /** Key of the respondent hash routing matches on: a long random secret. */
  PARTY_KEY_SECRET: requiredSecret("the key of the respondent hash routing matches on").min(16, "must be at least 16 characters"),
  /** AES-256 key for parties and summaries at rest: base64 of 32 random bytes. */
  PII_KEY: requiredSecret("the AES-256 key that seals parties and summaries at rest").refine(
    (text) => Buffer.from(text, "base64").length === 32,
    "must be base64 of exactly 32 bytes, e.g. from `openssl rand -base64 32`",
  ),
  /** Names the key in each sealed value, so a new key can be introduced later. */
  PII_KEY_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/)
    .default("k1"),
};

export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
export const loadIntakeConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(intakeConfigSchema, env);
