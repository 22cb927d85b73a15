// Wiring only: configuration, store, bus, consumers, gRPC, and graceful shutdown.
import { EventBus, OutboxRelay } from "@mediation/bus";
import { startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { createLogger, startTracing } from "@mediation/telemetry";
import { routingGrpc } from "./adapters/grpc/routing-grpc.js";
import { subscribeRouting } from "./adapters/nats/subscriptions.js";
import { ROUTING_COLLECTIONS } from "./adapters/store/collections.js";
import { loadRoutingConfig } from "./config.js";
import type { RoutingPolicy } from "./domain/route.js";

const logger = createLogger("routing");

runMain("routing", logger, async () => {
  const config = loadRoutingConfig();
  startTracing();
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const policy: RoutingPolicy = { version: "builtin-1", smallDebtThresholdFen: config.SMALL_DEBT_THRESHOLD_FEN };
  const store = await openStore({ service: "routing", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, ROUTING_COLLECTIONS);
  const bus = await EventBus.connect({ url: config.NATS_URL, namespace: config.EVENT_NAMESPACE, service: "routing", logger });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  const subscriptions = await subscribeRouting(bus, { store, policy: () => policy, eventsStored: () => relay.wake() }, logger);
  const server = await startGrpcServer(config.GRPC_HOST, config.ROUTING_GRPC_PORT, [routingGrpc(() => policy, logger)]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "outbox relay", stop: () => relay.stop() });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
