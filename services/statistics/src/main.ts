// Wiring only: configuration, store, bus, the read-model consumer, gRPC, and graceful shutdown.
import { EventBus } from "@mediation/bus";
import { startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { createLogger, startTracing } from "@mediation/telemetry";
import { statisticsGrpc } from "./adapters/grpc/statistics-grpc.js";
import { subscribeStatistics } from "./adapters/nats/subscriptions.js";
import { STATISTICS_COLLECTIONS } from "./adapters/store/collections.js";
import { loadStatisticsConfig } from "./config.js";

const logger = createLogger("statistics");

runMain("statistics", logger, async () => {
  const config = loadStatisticsConfig();
  startTracing();
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const store = await openStore({ service: "statistics", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, STATISTICS_COLLECTIONS);
  const bus = await EventBus.connect({ url: config.NATS_URL, namespace: config.EVENT_NAMESPACE, service: "statistics", logger });
  const subscriptions = await subscribeStatistics(bus, store);
  const server = await startGrpcServer(config.GRPC_HOST, config.STATISTICS_GRPC_PORT, [statisticsGrpc(store, logger)]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
