import { audienceSchema, commonSchema, loadConfig, z } from "@mediation/config";

/** Only for development and tests: the service warns at start when it is in use. */
export const DEVELOPMENT_PII_KEY = Buffer.alloc(32, 7).toString("base64");

export const intakeConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("intake"),
  INTAKE_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50051),
  /** Key of the respondent hash routing matches on. Set a long random secret in production. */
  PARTY_KEY_SECRET: z.string().min(16, "must be at least 16 characters").default("development-only-party-key-secret"),
  /** AES-256 key for parties and summaries at rest: base64 of 32 random bytes (`openssl rand -base64 32`). */
  PII_KEY: z
    .string()
    .default(DEVELOPMENT_PII_KEY)
    .refine((text) => Buffer.from(text, "base64").length === 32, "must be base64 of exactly 32 bytes, e.g. from `openssl rand -base64 32`"),
  /** Names the key in each sealed value, so a new key can be introduced later. */
  PII_KEY_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/)
    .default("k1"),
};

export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
export const loadIntakeConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(intakeConfigSchema, env);
