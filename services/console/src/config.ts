// The console's configuration, read once at start. Development sign-in exists only when
// DEV_AUTH_SECRET is given (`pnpm start` passes the local development key); otherwise the console
// signs people in with the district's OpenID Connect provider, and its settings are required. In
// production the console holds no signing key: it forwards the provider's access tokens.
import { ConfigError, commonSchema, loadConfig, serviceAudience, z } from "@mediation/config";

const address = (port: number) => z.string().default(`127.0.0.1:${port}`);

export const consoleConfigSchema = {
  LOG_LEVEL: commonSchema.LOG_LEVEL,
  OTEL_EXPORTER_OTLP_ENDPOINT: commonSchema.OTEL_EXPORTER_OTLP_ENDPOINT,
  SHUTDOWN_TIMEOUT_MS: commonSchema.SHUTDOWN_TIMEOUT_MS,
  CONSOLE_HOST: z.string().default("127.0.0.1"),
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  MEDIATION_INTAKE_ADDR: address(50051),
  MEDIATION_ROUTING_ADDR: address(50052),
  MEDIATION_MEDIATION_ADDR: address(50053),
  MEDIATION_STATISTICS_ADDR: address(50054),
  /** Development tokens' issuer. */
  AUTH_ISSUER: z.string().default("mediation-centre"),
  /** The audiences development tokens name: every service the console calls (each accepts its own only). */
  AUTH_AUDIENCE: z
    .string()
    .default(["intake", "routing", "mediation", "statistics"].map(serviceAudience).join(","))
    .transform((text) =>
      text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  /** A development centre's key: turns on the development sign-in page and signs its tokens. Never set in production. */
  DEV_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Where the provider sends people back: this console's /auth/callback. */
  OIDC_REDIRECT_URL: z.url().optional(),
  /** offline_access asks for the refresh token that renews the access token during a session. */
  OIDC_SCOPES: z.string().default("openid profile offline_access"),
};

export type ConsoleConfig = ReturnType<typeof loadConsoleConfig>;

export function loadConsoleConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(consoleConfigSchema, env);
  if (config.DEV_AUTH_SECRET) return config;
  const missing = (["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URL"] as const).filter(
    (name) => !config[name],
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `invalid configuration:\n  ${missing.join(", ")}: required for OpenID Connect sign-in (or set DEV_AUTH_SECRET on a development centre)`,
    );
  }
  return config;
}
