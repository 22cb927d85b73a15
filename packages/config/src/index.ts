// Configuration is one validated object per service, read once at start (STYLE.md). A bad value
// stops the service with a message naming the variable and what it should be.
import { z } from "zod";

export { z };

export class ConfigError extends Error {
  override name = "ConfigError";
}

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

/** Settings every service shares. */
export const commonSchema = {
  ...natsSchema,
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
  /** HS256 key of the bearer tokens (DESIGN.md §7). `pnpm start` makes a development one under .data/. */
  AUTH_SECRET: z
    .string({ error: "is required: the key that signs bearer tokens (pnpm start makes a development one)" })
    .min(32, "must be at least 32 characters"),
  AUTH_ISSUER: z.string().default("mediation-centre"),
  AUTH_AUDIENCE: z.string().default("mediation-centre"),
};

/** The token settings out of a service's configuration. */
export const authSettingsOf = (config: { AUTH_SECRET: string; AUTH_ISSUER: string; AUTH_AUDIENCE: string }) => ({
  secret: config.AUTH_SECRET,
  issuer: config.AUTH_ISSUER,
  audience: config.AUTH_AUDIENCE,
});

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
