// How the bus reaches NATS: one or more servers (a cluster's nodes), the service's own credentials,
// TLS, and the streams the namespace needs.
import { readFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { type JetStreamManager, jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from "@nats-io/transport-node";
import type { StreamNames } from "./streams.js";

export interface NatsSettings {
  /** One URL, or several separated by commas. */
  url: string;
  user?: string;
  password?: string;
  /** A `.creds` file (JWT and nkey seed). */
  credsFile?: string;
  /** PEM files; any of them turns TLS on. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** Replicas of the streams created when they are missing; default 1. */
  streamReplicas?: number;
  /**
   * How long the first connection may take (default 5 s, NATS' own is 20 s): shorter than a
   * service's shutdown bound, so a stop during start is never held open by a server that is silent.
   */
  connectTimeoutMs?: number;
}

/**
 * Whether a server sends its INFO greeting within the time, on a socket of our own that is always
 * closed after: the NATS client does not close its socket when its own connect times out, so a
 * silent server would hold a stopping service open.
 */
function greets(server: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const { hostname, port } = new URL(server.includes("://") ? server : `nats://${server}`);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(port || 4222) });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", aborted);
      socket.destroy();
      resolve(answer);
    };
    const aborted = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal?.addEventListener("abort", aborted, { once: true });
    socket.once("data", (chunk: Buffer) => done(chunk.toString("latin1").startsWith("INFO")));
    socket.once("error", () => done(false));
  });
}

/** Connects as `service`; replies come to `_INBOX.<service>.…`, the only subjects it may subscribe to. */
export async function connectNats(settings: NatsSettings, service: string, signal?: AbortSignal): Promise<NatsConnection> {
  const servers = settings.url
    .split(",")
    .map((url) => url.trim())
    .filter(Boolean);
  const timeout = settings.connectTimeoutMs ?? 5_000;
  const answers = await Promise.all(servers.map((server) => greets(server, timeout, signal)));
  if (signal?.aborted) throw new Error("stopped while connecting to NATS");
  if (!answers.some(Boolean))
    throw new Error(`cannot reach NATS at ${settings.url}: no server answered within ${timeout} ms. Is nats-server running with -js?`);
  const options: NodeConnectionOptions = {
    servers,
    name: service,
    maxReconnectAttempts: -1,
    inboxPrefix: `_INBOX.${service}`,
    timeout,
    // Otherwise every request (each JetStream publish) builds two Error objects up front, with their stack
    // traces, only to say where a failed request began: a third of a publish's processor time. Failures
    // still reject with the same errors and messages.
    noAsyncTraces: true,
  };
  if (settings.user !== undefined) Object.assign(options, { user: settings.user, pass: settings.password });
  if (settings.credsFile) options.authenticator = credsAuthenticator(readFileSync(settings.credsFile));
  if (settings.tls) options.tls = settings.tls;
  try {
    return await connect(options);
  } catch (cause) {
    throw new Error(`cannot reach NATS at ${settings.url}: ${(cause as Error).message}. Is nats-server running with -js?`);
  }
}

/** Connects and makes sure the namespace's streams exist; closes the connection if they cannot. */
export async function openJetStream(settings: NatsSettings, service: string, streams: StreamNames, signal?: AbortSignal) {
  const nc = await connectNats(settings, service, signal);
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, streams, settings.streamReplicas);
    return { nc, jsm };
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/** The stream definitions of one namespace, as deploy/nats/streams/*.json declares them for `mediation`. */
export function streamConfigs(streams: StreamNames, replicas = 1): Array<Partial<StreamConfig> & { name: string }> {
  const common = { storage: "file", retention: "limits", num_replicas: replicas, duplicate_window: 2 * 60 * 1_000_000_000 } as const;
  return [
    { name: streams.events, subjects: [streams.eventSubjects], ...common },
    { name: streams.deadLetter, subjects: [streams.deadLetterSubjects], ...common },
  ] as Array<Partial<StreamConfig> & { name: string }>;
}

/**
 * Creates the namespace's streams if they are missing (idempotent). With the deployed accounts a
 * service may only read stream info: a provisioning step creates the streams, and a missing one
 * stops the service with a message saying so.
 */
export async function ensureStreams(jsm: JetStreamManager, streams: StreamNames, replicas = 1): Promise<void> {
  for (const config of streamConfigs(streams, replicas)) {
    try {
      await jsm.streams.info(config.name);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (error) {
        // Another service may have created it between our two calls.
        await jsm.streams.info(config.name).catch(() => {
          throw new Error(
            `stream ${config.name} is missing and could not be created (${(error as Error).message}); ` +
              "create it with the provisioning user first (deploy/nats/streams)",
          );
        });
      }
    }
  }
}
