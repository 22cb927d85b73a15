// The parts every service acquires the same way, on its service host and under the names its logs
// and errors use ("could not open nats: ..."): its own store; NATS, given that store so that durable
// consumers apply in batches with one commit each (docs/architecture.md#consumers); the outbox relay
// (docs/architecture.md#outbox); its consumers; and its gRPC server, whose health follows NATS, the
// store and whatever else the service needs (docs/architecture.md#health). A service acquires them
// in this order, its own parts in between, so they stop in reverse (docs/architecture.md#shutdown):
// gRPC first, then the consumers, the relay (one last pass), NATS drained, the store closed last.
import { EventBus, OutboxRelay, type RelayOptions, type Subscription } from "@mediation/bus";
import { OUTBOX } from "@mediation/bus/outbox";
import { type commonSchema, grpcTlsOf, natsSettingsOf, type z } from "@mediation/config";
import { type GrpcServiceBinding, type RunningServer, startGrpcServer } from "@mediation/grpc-kit";
import { type CollectionSpec, type DocumentStore, openStore, type SlowCommits } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import type { Check } from "./readiness.js";
import { followReadiness } from "./service-checks.js";
import type { ServiceHost } from "./service-host.js";

type CommonSettings = z.infer<z.ZodObject<typeof commonSchema>>;

/** What the parts read from a service's configuration: NATS, gRPC and its TLS, where the store is, the stop bound. */
export type PartSettings = Pick<
  CommonSettings,
  | "NATS_URL"
  | "NATS_USER"
  | "NATS_PASSWORD"
  | "NATS_CREDS_FILE"
  | "NATS_TLS_CA"
  | "NATS_TLS_CERT"
  | "NATS_TLS_KEY"
  | "NATS_STREAM_REPLICAS"
  | "GRPC_TLS_CERT"
  | "GRPC_TLS_KEY"
  | "GRPC_TLS_CLIENT_CA"
  | "EVENT_NAMESPACE"
  | "DATA_DIR"
  | "MONGO_URL"
  | "GRPC_HOST"
  | "SHUTDOWN_TIMEOUT_MS"
> &
  // The stall threshold: a store commit this slow is logged too (0 or none: never).
  Partial<Pick<CommonSettings, "EVENT_LOOP_STALL_MS">>;

/** The service's connection to the events: the bus, a wake for the relay, and readiness checks of NATS and the store. */
export interface Messaging {
  bus: EventBus;
  /** Wakes the relay: called once a transaction has added events to the outbox. */
  eventsStored: () => void;
  /** A NATS round trip and a read of the store, for readiness. */
  checks: Record<string, Check>;
}

export interface ServiceParts {
  /** The service's own database (MongoDB's `mediation_<service>`, or `<service>.sqlite` under DATA_DIR, default `.data/<service>/`). */
  openStore(collections: CollectionSpec[]): Promise<DocumentStore>;
  /**
   * Connects NATS with `store` (the one the consumers and the relay use, e.g. a sealing view of the
   * store opened) and starts the outbox relay on it. `relayOptions` is called when the relay is made.
   */
  connectBus(store: DocumentStore, relayOptions?: () => RelayOptions): Promise<Messaging>;
  /** The service's durable consumers; on stop each stops taking messages and finishes the one in hand. */
  startConsumers(subscribe: () => Promise<Subscription[]>): Promise<Subscription[]>;
  /**
   * Serves the services `bindings` makes (called as the server opens) on GRPC_HOST:`port`, over TLS
   * when configured, keeps its health in step with `checks`, and logs "listening" with the port. On
   * stop it says NOT_SERVING, then gives the calls in flight half of SHUTDOWN_TIMEOUT_MS.
   */
  serveGrpc(port: number, bindings: () => GrpcServiceBinding[], checks: Record<string, Check>): Promise<RunningServer>;
}

/** The shared parts of `service`, acquired on `host`. */
export function serviceParts(host: ServiceHost, service: string, config: PartSettings, logger: Logger): ServiceParts {
  return {
    openStore: (collections) =>
      host.acquire(
        "store",
        () =>
          openStore(
            { service, mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR, slowCommits: slowCommitsOf(config, logger) },
            collections,
          ),
        (s) => s.close(),
      ),

    async connectBus(store, relayOptions) {
      const bus = await host.acquire(
        "nats",
        (signal) => EventBus.connect({ ...natsSettingsOf(config), namespace: config.EVENT_NAMESPACE, service, logger, signal, store }),
        (b) => b.close(),
      );
      const relay = await host.acquire(
        "outbox relay",
        () => new OutboxRelay(store, bus, logger, relayOptions?.()),
        (r) => r.stop(),
      );
      relay.start();
      return {
        bus,
        eventsStored: () => relay.wake(),
        checks: { nats: () => bus.ping(1_000), store: () => store.collection(OUTBOX).get("readiness") },
      };
    },

    startConsumers: (subscribe) => host.acquire("consumers", subscribe, (subscriptions) => Promise.all(subscriptions.map((s) => s.stop()))),

    async serveGrpc(port, bindings, checks) {
      const server = await host.acquire(
        "grpc",
        () => startGrpcServer(config.GRPC_HOST, port, bindings(), grpcTlsOf(config)),
        (s) => s.stop(config.SHUTDOWN_TIMEOUT_MS / 2),
      );
      await followReadiness(host, server, checks, logger);
      logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
      return server;
    },
  };
}

/** A commit as slow as an event-loop stall, said at warn with what it means (SqliteStore's commit). */
function slowCommitsOf(config: PartSettings, logger: Logger): SlowCommits | undefined {
  const thresholdMs = config.EVENT_LOOP_STALL_MS;
  if (!thresholdMs) return undefined;
  return {
    thresholdMs,
    report: (ms) =>
      logger.warn(
        { commitMs: Math.round(ms) },
        "a store commit held the service: SQLite wrote its log (and, in a new log, synced its header); look at the disk's latency",
      ),
  };
}
