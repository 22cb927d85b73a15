// Wiring only: configuration, store, bus, the read-model consumer, the month-end freeze, gRPC,
// and graceful shutdown.
import { EventBus, OutboxRelay } from "@mediation/bus";
import { authSettingsOf } from "@mediation/config";
import { shanghaiMonth } from "@mediation/contracts";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore, SqliteStore } from "@mediation/store";
import { createLogger, startTracing, stopTracing } from "@mediation/telemetry";
import { statisticsGrpc } from "./adapters/grpc/statistics-grpc.js";
import { countEvent, subscribeStatistics } from "./adapters/nats/subscriptions.js";
import { MonthEndSchedule } from "./adapters/queue/month-end.js";
import { READ_MODEL_COLLECTIONS, STATISTICS_COLLECTIONS } from "./application/collections.js";
import { publishMonth, unpublishedMonths } from "./application/publish-month.js";
import { rebuildAndCompare } from "./application/rebuild.js";
import { loadStatisticsConfig } from "./config.js";

const logger = createLogger("statistics");

/** A rebuild replays into memory: the live read model is never touched. */
const scratchReadModel = () => SqliteStore.open(":memory:", READ_MODEL_COLLECTIONS);

runMain("statistics", logger, async () => {
  const config = loadStatisticsConfig();
  startTracing("statistics");
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const store = await openStore({ service: "statistics", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, STATISTICS_COLLECTIONS);
  const bus = await EventBus.connect({ url: config.NATS_URL, namespace: config.EVENT_NAMESPACE, service: "statistics", logger });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  const eventsStored = () => relay.wake();

  // Publishes every ended month that is still open: the scheduled run, or what a missed run left.
  const freezeEndedMonths = async () => {
    for (const month of await unpublishedMonths(store, shanghaiMonth(new Date()))) {
      const result = await publishMonth(store, month, new Date(), eventsStored);
      logger.info({ month, contentHash: result.contentHash }, "monthly report published");
    }
  };
  const monthEnd = new MonthEndSchedule(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, logger);
  await monthEnd.start(freezeEndedMonths);
  const subscriptions = await subscribeStatistics(bus, store);
  await freezeEndedMonths();

  const server = await startGrpcServer(config.GRPC_HOST, config.STATISTICS_GRPC_PORT, [
    statisticsGrpc({
      store,
      logger,
      eventsStored,
      auth: new Authenticator(authSettingsOf(config)),
      rebuild: () => rebuildAndCompare(store, scratchReadModel, (onEvent) => bus.replay(onEvent), countEvent),
    }),
  ]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "month-end", stop: () => monthEnd.close() });
  life.add({ name: "outbox relay", stop: () => relay.stop() });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  life.add({ name: "tracing", stop: stopTracing });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
