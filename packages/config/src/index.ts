// Configuration is one validated object per service, read once at start (docs/architecture.md#configuration). A bad value
// stops the service with a message naming the variable and what it should be.
import { z } from "zod";

export { z };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A secret with no default: missing, the service refuses to start and says how to make one. */
export const requiredSecret = (what: string) =>
  z.string({ error: `is required: ${what}. Make one with \`openssl rand -base64 32\` (pnpm start makes development ones under .data/)` });

/** Settings every service shares. */
export const commonSchema = {
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  /** Subject and stream namespace; tests set their own so that runs never collide. */
  EVENT_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and underscores")
    .default("mediation"),
  /** Where the embedded store keeps its data when MONGO_URL is not set. */
  DATA_DIR: z.string().optional(),
  MONGO_URL: z.string().optional(),
  GRPC_HOST: z.string().default("127.0.0.1"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** HS256 key of the bearer tokens (docs/architecture.md#security). `pnpm start` makes a development one under .data/. */
  AUTH_SECRET: requiredSecret("the key that signs bearer tokens").min(32, "must be at least 32 characters"),
  AUTH_ISSUER: z.string().default("mediation-centre"),
  AUTH_AUDIENCE: z.string().default("mediation-centre"),
  /** pino's level. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** An OpenTelemetry collector (e.g. http://collector:4318); spans are exported only when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://collector:4318" }).optional(),
};

/** The token settings out of a service's configuration. */
export const authSettingsOf = (config: { AUTH_SECRET: string; AUTH_ISSUER: string; AUTH_AUDIENCE: string }) => ({
  secret: config.AUTH_SECRET,
  issuer: config.AUTH_ISSUER,
  audience: config.AUTH_AUDIENCE,
});

export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
