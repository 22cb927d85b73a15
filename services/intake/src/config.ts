import { audienceSchema, commonSchema, loadConfig, piiKeySchema, requiredSecret, retentionSchema, z } from "@mediation/config";

export const intakeConfigSchema = {
  ...commonSchema,
  AUTH_AUDIENCE: audienceSchema("intake"),
  INTAKE_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50051),
  /** Key of the respondent hash routing matches on: a long random secret. */
  PARTY_KEY_SECRET: requiredSecret("the key of the respondent hash routing matches on").min(16, "must be at least 16 characters"),
  /** PII_KEY, PII_KEY_ID, PII_OLD_KEYS: the keys that seal personal data (docs/architecture.md#sealed-personal-data). */
  ...piiKeySchema,
  ...retentionSchema,
};

export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
export const loadIntakeConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(intakeConfigSchema, env);
