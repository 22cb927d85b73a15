// Wiring only: store, bus, relay, the month-end freeze, the read-model consumer and gRPC on the
// service host, which stops them in reverse.
import { EventBus, OutboxRelay } from "@mediation/bus";
import { OUTBOX } from "@mediation/bus/outbox";
import { authSettingsOf, grpcTlsOf, natsSettingsOf } from "@mediation/config";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { followReadiness, observeQueue, runService } from "@mediation/runtime";
import { QueueWatch } from "@mediation/runtime/queue-watch";
import { openStore, SqliteStore } from "@mediation/store";
import { statisticsGrpc } from "./adapters/grpc/statistics-grpc.js";
import { countEvent, STATISTICS_DURABLE, subscribeStatistics } from "./adapters/nats/subscriptions.js";
import { MonthEndSchedule } from "./adapters/queue/month-end.js";
import { READ_MODEL_COLLECTIONS, STATISTICS_COLLECTIONS } from "./application/collections.js";
import { MonthEndFreeze } from "./application/month-end-freeze.js";
import { rebuildAndCompare } from "./application/rebuild.js";
import { clockOf, loadStatisticsConfig } from "./config.js";

/** A rebuild replays into memory: the live read model is never touched. */
const scratchReadModel = () => SqliteStore.open(":memory:", READ_MODEL_COLLECTIONS);

runService("statistics", loadStatisticsConfig, async (host, config, logger) => {
  const store = await host.acquire(
    "store",
    () => openStore({ service: "statistics", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, STATISTICS_COLLECTIONS),
    (s) => s.close(),
  );
  const bus = await host.acquire(
    "nats",
    (signal) =>
      EventBus.connect({ ...natsSettingsOf(config), namespace: config.EVENT_NAMESPACE, service: "statistics", logger, signal, store }),
    (b) => b.close(),
  );
  const relay = await host.acquire(
    "outbox relay",
    () => new OutboxRelay(store, bus, logger),
    (r) => r.stop(),
  );
  relay.start();
  const eventsStored = () => relay.wake();

  // Publishes every ended month that is still open, once the consumer has counted past its end.
  const freeze = new MonthEndFreeze({
    store,
    lag: () => bus.consumerLag(STATISTICS_DURABLE),
    now: clockOf(config),
    eventsStored,
    logger,
    retryMs: config.FREEZE_RETRY_MS,
    signal: host.signal,
  });
  const freezeEndedMonths = () => freeze.run();
  const monthEnd = await host.acquire(
    "month-end",
    () => new MonthEndSchedule(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, logger),
    (m) => m.close(),
  );
  await host.wait(monthEnd.start(freezeEndedMonths));
  const queue = await host.acquire(
    "queue watch",
    () => new QueueWatch(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, "month-end"),
    (q) => q.close(),
  );
  observeQueue(queue, "month-end");
  await host.acquire(
    "consumers",
    () => subscribeStatistics(bus, store),
    (subscriptions) => Promise.all(subscriptions.map((s) => s.stop())),
  );
  freezeEndedMonths().catch((error) => logger.error({ err: (error as Error).message }, "month-end freeze at start failed"));

  const rebuild = () => rebuildAndCompare(store, scratchReadModel, (onEvent) => bus.replay(onEvent), countEvent);
  const auth = new Authenticator(authSettingsOf(config));
  const server = await host.acquire(
    "grpc",
    () =>
      startGrpcServer(
        config.GRPC_HOST,
        config.STATISTICS_GRPC_PORT,
        [statisticsGrpc({ store, logger, eventsStored, auth, rebuild })],
        grpcTlsOf(config),
      ),
    (s) => s.stop(config.SHUTDOWN_TIMEOUT_MS / 2),
  );
  await followReadiness(
    host,
    server,
    { nats: () => bus.ping(1_000), store: () => store.collection(OUTBOX).get("readiness"), redis: () => queue.ping() },
    logger,
  );
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
