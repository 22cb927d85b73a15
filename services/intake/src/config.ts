import { commonSchema, loadConfig, z } from "@mediation/config";

export const intakeConfigSchema = {
  ...commonSchema,
  INTAKE_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50051),
  /** Key of the respondent hash routing matches on. Set a long random secret in production. */
  PARTY_KEY_SECRET: z.string().min(16, "must be at least 16 characters").default("development-only-party-key-secret"),
};

export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
export const loadIntakeConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(intakeConfigSchema, env);
