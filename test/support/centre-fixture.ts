// Starts a whole centre for a test: its own event namespace, data folder, ports and roster, so that
// runs never collide; and removes its streams and data afterwards.

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { streamNames } from "@mediation/bus";
import { CentreClients, type CentreOptions, developmentSigner, type RunningCentre, startCentre } from "@mediation/cli";
import { decodeEvent, type Event, type EventKind, subjectOf } from "@mediation/contracts";
import { type TempDir, tempDir, uniqueName } from "@mediation/testkit";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { Redis } from "ioredis";

export const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestRoster {
  mediators: Array<{
    mediatorId: string;
    centreCode: string;
    /** Default: people's mediation. */
    channels?: string[];
    categories: string[];
    maxOpenCases?: number;
    status?: string;
    displayName?: string;
  }>;
  supervisors?: Record<string, string>;
}

/** Deletes a namespace's event and dead-letter streams, if they are there. */
export async function deleteStreams(namespace: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const streams = streamNames(namespace);
    for (const stream of [streams.events, streams.deadLetter]) await jsm.streams.delete(stream).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

/** Deletes this test's BullMQ keys (prefix = namespace): what "flush Redis" means for one centre. */
export async function flushQueues(namespace: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${namespace}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/** Fresh keys the services require, as `openssl rand -base64 32` makes them. */
export const testKeys = () => ({
  AUTH_SECRET: randomBytes(32).toString("base64"),
  PII_KEY: randomBytes(32).toString("base64"),
  PARTY_KEY_SECRET: randomBytes(32).toString("base64"),
});

export interface CentreFixture {
  centre: RunningCentre;
  clients: CentreClients;
  namespace: string;
  dataDir: TempDir;
  /** Every event of this kind now in the stream, decoded. */
  events(kind: EventKind): Promise<Event[]>;
  /** Every log line the services printed so far, as `<service>: <json>`. */
  logs(): string[];
  /** The trace id in each stored event's traceparent header for one dispute, by event type. */
  traceIds(disputeId: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** Where the fixture itself reads and cleans the streams: another server, as a user of its own. */
export interface FixtureNats {
  url: string;
  user?: string;
  pass?: string;
}

export async function startTestCentre(
  roster: TestRoster,
  env: Record<string, string> = {},
  options: Partial<CentreOptions> = {},
  nats: FixtureNats = { url: NATS_URL },
): Promise<CentreFixture> {
  // A test may name the stream namespace (a private server); its Redis keys stay its own.
  const namespace = options.namespace ?? uniqueName("e2e");
  const queuePrefix = options.namespace ? uniqueName("e2e") : namespace;
  const dataDir = tempDir("centre-e2e-");
  const rosterFile = join(dataDir.path, "roster.json");
  writeFileSync(
    rosterFile,
    JSON.stringify({
      mediators: roster.mediators.map((m) => ({ displayName: m.mediatorId, maxOpenCases: 10, status: "AVAILABLE", ...m })),
      supervisors: roster.supervisors ?? {},
    }),
  );
  const logs: string[] = [];
  const centre = await startCentre({
    namespace,
    dataDir: dataDir.path,
    ports: { intake: 0, routing: 0, mediation: 0, statistics: 0 },
    // METRICS_PORT 0: each service serves /metrics on a free port and logs it ("metrics served at /metrics").
    env: {
      ROSTER_FILE: rosterFile,
      NATS_URL,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: "info",
      METRICS_PORT: "0",
      ...testKeys(),
      ...env,
    },
    onLog: (service, line) => {
      logs.push(`${service}: ${line}`);
      if (process.env.E2E_LOGS) console.log(`${service}: ${line}`);
    },
    ...options,
  });
  // Speaks as whoever each call needs (the centre, the mediator, the analyst), signed with this centre's key.
  const clients = new CentreClients(centre.addresses, developmentSigner(centre.authSecret));
  const nc = await connect({ servers: nats.url.split(","), user: nats.user, pass: nats.pass });
  const jsm = await jetstreamManager(nc);
  const streams = streamNames(namespace);
  const stored = async () => {
    const info = await jsm.streams.info(streams.events);
    const messages = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(streams.events, { seq }).catch(() => null);
      if (message) messages.push(message);
    }
    return messages;
  };
  return {
    centre,
    clients,
    namespace,
    dataDir,
    events: async (kind) => {
      const subject = subjectOf(namespace, kind);
      return (await stored()).filter((m) => m.subject === subject).map((m) => decodeEvent(m.data));
    },
    logs: () => [...logs],
    traceIds: async (disputeId) => {
      const ids: Record<string, string> = {};
      for (const m of await stored()) {
        if (m.header.get("Mediation-Correlation-Id") !== disputeId) continue;
        ids[m.header.get("Mediation-Event-Type")] = m.header.get("traceparent").split("-")[1] ?? "";
      }
      return ids;
    },
    stop: async () => {
      clients.close();
      await centre.stop();
      for (const stream of [streams.events, streams.deadLetter]) await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
      await flushQueues(queuePrefix);
      dataDir.remove();
    },
  };
}
