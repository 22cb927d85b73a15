// Configuration is one validated object per service, read once at start (docs/architecture.md#configuration). A bad value
// stops the service with a message naming the variable and what it should be.
import { readFileSync } from "node:fs";
import { z } from "zod";

export { z };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A secret with no default: missing, the service refuses to start and says how to make one. */
export const requiredSecret = (what: string) =>
  z.string({ error: `is required: ${what}. Make one with \`openssl rand -base64 32\` (pnpm start makes development ones under .data/)` });

const optionalFile = z.string().min(1).optional();

/** How a service reaches NATS: servers, its own credentials, TLS, and the replicas of streams it creates. */
export const natsSchema = {
  /** One URL, or several separated by commas (the nodes of a cluster). */
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  /** The service's NATS user and password (deploy/nats/accounts.conf); or NATS_CREDS_FILE. */
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** A `.creds` file (JWT and nkey seed) instead of a user and password. */
  NATS_CREDS_FILE: optionalFile,
  /** PEM files: the CA that signed the server's certificate, and this client's own certificate and key. */
  NATS_TLS_CA: optionalFile,
  NATS_TLS_CERT: optionalFile,
  NATS_TLS_KEY: optionalFile,
  /** Replicas of the streams the bus creates when they are missing (3 on a cluster). */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
};

/**
 * gRPC over TLS (docs/deployment.md#grpc-over-tls): PEM files of the server's certificate chain and key;
 * with GRPC_TLS_CLIENT_CA, every client must present a certificate that CA signed (mutual TLS).
 */
export const grpcTlsSchema = {
  GRPC_TLS_CERT: optionalFile,
  GRPC_TLS_KEY: optionalFile,
  GRPC_TLS_CLIENT_CA: optionalFile,
};

/** Settings every service shares. */
export const commonSchema = {
  ...natsSchema,
  ...grpcTlsSchema,
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
  /**
   * The identity provider's public keys (RS256, ES256, EdDSA), as a JWKS file path or URL. When set,
   * only tokens signed with those keys are accepted (docs/architecture.md#security).
   */
  AUTH_JWKS: z.string().min(1).optional(),
  /** Development only: HS256 key of the bearer tokens, used when AUTH_JWKS is not set. `pnpm start` makes one under .data/. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  AUTH_ISSUER: z.string().default("mediation-centre"),
  /** The oldest token accepted, counted from its `iat`: an ISO-8601 duration such as PT12H or P1D. */
  AUTH_MAX_TOKEN_AGE: z
    .string()
    .default("PT12H")
    .transform((text, ctx) => {
      const seconds = isoDurationSeconds(text);
      if (seconds === undefined || seconds <= 0) {
        ctx.addIssue({ code: "custom", message: "must be a positive ISO-8601 duration such as PT12H, PT30M or P1D" });
        return z.NEVER;
      }
      return seconds;
    }),
  /** A stall of the event loop this long or longer (ms) is logged at warn; 0 turns the watch off. */
  EVENT_LOOP_STALL_MS: z.coerce.number().int().min(0).default(250),
  /** pino's level. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** An OpenTelemetry collector (e.g. http://collector:4318); spans are exported only when set. */
  /** Where Prometheus scrapes /metrics; port 0 takes a free port (logged at start). */
  METRICS_HOST: z.string().default("127.0.0.1"),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://collector:4318" }).optional(),
};

/** The audience every token for this service must name: `mediation-centre/<service>` unless AUTH_AUDIENCE says otherwise. */
export const serviceAudience = (service: string) => `mediation-centre/${service}`;

/** A service's AUTH_AUDIENCE, defaulting to its own audience: each service accepts tokens meant for it only. */
export const audienceSchema = (service: string) => z.string().min(1).default(serviceAudience(service));

/** A setting read as an ISO-8601 duration of at least a second (PT1M, PT6H, P1D), in milliseconds: how often something runs. */
export function intervalMs(fallback: string) {
  // A declaration, not a const: privacy.ts, which index.ts re-exports, calls it while index.ts is still loading.
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const seconds = isoDurationSeconds(text);
      if (!seconds) {
        ctx.addIssue({
          code: "custom",
          message: `"${text}" is not an ISO-8601 duration of at least a second; write one such as PT1M, PT6H or P1D`,
        });
        return z.NEVER;
      }
      return seconds * 1000;
    });
}

/** Seconds in an ISO-8601 duration of days, hours, minutes and seconds (PT12H, P1DT6H); undefined if it is not one. */
export function isoDurationSeconds(text: string): number | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!match || text === "P" || text.endsWith("T")) return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}

/** The token settings out of a service's configuration; stops the service when it has no way to verify tokens. */
export function authSettingsOf(config: {
  AUTH_JWKS?: string | undefined;
  AUTH_SECRET?: string | undefined;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_MAX_TOKEN_AGE: number;
}) {
  if (!config.AUTH_JWKS && !config.AUTH_SECRET)
    throw new ConfigError(
      "invalid configuration:\n  AUTH_JWKS: is required: the identity provider's keys (a JWKS file or URL); for development, AUTH_SECRET instead (pnpm start makes one)",
    );
  return {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE,
    ...(config.AUTH_JWKS ? { jwks: config.AUTH_JWKS } : {}),
    ...(config.AUTH_SECRET ? { secret: config.AUTH_SECRET } : {}),
  };
}

/** The NATS settings out of a service's configuration, in the shape `EventBus.connect` takes. */
export function natsSettingsOf(config: z.infer<z.ZodObject<typeof natsSchema>>) {
  if ((config.NATS_USER === undefined) !== (config.NATS_PASSWORD === undefined))
    throw new ConfigError("invalid configuration:\n  NATS_USER and NATS_PASSWORD: set both or neither");
  if ((config.NATS_TLS_CERT === undefined) !== (config.NATS_TLS_KEY === undefined))
    throw new ConfigError("invalid configuration:\n  NATS_TLS_CERT and NATS_TLS_KEY: set both or neither");
  const tls =
    config.NATS_TLS_CA || config.NATS_TLS_CERT
      ? { caFile: config.NATS_TLS_CA, certFile: config.NATS_TLS_CERT, keyFile: config.NATS_TLS_KEY }
      : undefined;
  return {
    url: config.NATS_URL,
    user: config.NATS_USER,
    password: config.NATS_PASSWORD,
    credsFile: config.NATS_CREDS_FILE,
    tls,
    streamReplicas: config.NATS_STREAM_REPLICAS,
  };
}

/** A PEM file named by a setting, read now, so that a wrong path stops the start naming the setting. */
export function readSettingFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  ${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

/** The gRPC server's TLS files, read; undefined when the service serves plaintext. */
export function grpcTlsOf(config: z.infer<z.ZodObject<typeof grpcTlsSchema>>) {
  if ((config.GRPC_TLS_CERT === undefined) !== (config.GRPC_TLS_KEY === undefined))
    throw new ConfigError("invalid configuration:\n  GRPC_TLS_CERT and GRPC_TLS_KEY: set both or neither");
  if (!config.GRPC_TLS_CERT || !config.GRPC_TLS_KEY) {
    if (config.GRPC_TLS_CLIENT_CA)
      throw new ConfigError(
        "invalid configuration:\n  GRPC_TLS_CLIENT_CA: requires GRPC_TLS_CERT and GRPC_TLS_KEY (client certificates are checked over TLS only)",
      );
    return undefined;
  }
  return {
    cert: readSettingFile("GRPC_TLS_CERT", config.GRPC_TLS_CERT),
    key: readSettingFile("GRPC_TLS_KEY", config.GRPC_TLS_KEY),
    clientCa: config.GRPC_TLS_CLIENT_CA ? readSettingFile("GRPC_TLS_CLIENT_CA", config.GRPC_TLS_CLIENT_CA) : undefined,
  };
}

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
export { SERVICE_NODE_FLAGS } from "./node-flags.js";
export { type PiiKeyEntry, piiKeySchema, piiKeysOf, type RetentionPeriod, retentionEndsAt, retentionSchema } from "./privacy.js";
