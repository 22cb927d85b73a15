// Wiring only: store, bus, relay, the month-end freeze, the read-model consumer and gRPC on the
// service host, which stops them in reverse.
import { EventBus, OUTBOX, OutboxRelay } from "@mediation/bus";
import { authSettingsOf, natsSettingsOf } from "@mediation/config";
import { shanghaiMonth } from "@mediation/contracts";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { followReadiness, observeQueue, QueueWatch, runService } from "@mediation/runtime";
import { openStore, SqliteStore } from "@mediation/store";
import { statisticsGrpc } from "./adapters/grpc/statistics-grpc.js";
import { countEvent, subscribeStatistics } from "./adapters/nats/subscriptions.js";
import { MonthEndSchedule } from "./adapters/queue/month-end.js";
import { READ_MODEL_COLLECTIONS, STATISTICS_COLLECTIONS } from "./application/collections.js";
import { publishMonth, unpublishedMonths } from "./application/publish-month.js";
import { rebuildAndCompare } from "./application/rebuild.js";
import { loadStatisticsConfig } from "./config.js";

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
    () => EventBus.connect({ ...natsSettingsOf(config), namespace: config.EVENT_NAMESPACE, service: "statistics", logger }),
    (b) => b.close(),
  );
  const relay = await host.acquire(
    "outbox relay",
    () => new OutboxRelay(store, bus, logger),
    (r) => r.stop(),
  );
  relay.start();
  const eventsStored = () => relay.wake();

  // Publishes every ended month that is still open: the scheduled run, or what a missed run left.
  const freezeEndedMonths = async () => {
    for (const month of await unpublishedMonths(store, shanghaiMonth(new Date()))) {
      const result = await publishMonth(store, month, new Date(), eventsStored);
      logger.info({ month, contentHash: result.contentHash }, "monthly report published");
    }
  };
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
  await host.wait(freezeEndedMonths());

  const rebuild = () => rebuildAndCompare(store, scratchReadModel, (onEvent) => bus.replay(onEvent), countEvent);
  const auth = new Authenticator(authSettingsOf(config));
  const server = await host.acquire(
    "grpc",
    () => startGrpcServer(config.GRPC_HOST, config.STATISTICS_GRPC_PORT, [statisticsGrpc({ store, logger, eventsStored, auth, rebuild })]),
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
