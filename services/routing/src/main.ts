// Wiring only: configuration, policy, store, bus, consumers, gRPC, and graceful shutdown.
import { EventBus, OutboxRelay } from "@mediation/bus";
import { authSettingsOf, natsSettingsOf } from "@mediation/config";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { createLogger, startTracing, stopTracing } from "@mediation/telemetry";
import { routingGrpc } from "./adapters/grpc/routing-grpc.js";
import { subscribeRouting } from "./adapters/nats/subscriptions.js";
import { parsePolicy } from "./adapters/policy/policy-file.js";
import { readPolicyFile, watchPolicyFile } from "./adapters/policy/policy-watch.js";
import { ROUTING_COLLECTIONS } from "./application/collections.js";
import { PolicyHolder } from "./application/policy-holder.js";
import { loadRoutingConfig } from "./config.js";

const logger = createLogger("routing");

runMain("routing", logger, async () => {
  const config = loadRoutingConfig();
  startTracing("routing");
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const policies = new PolicyHolder(() => readPolicyFile(config.ROUTING_POLICY_FILE), parsePolicy);
  logger.info({ version: policies.policy.version, file: policies.loaded.loadedFrom }, "routing policy loaded");
  const reload = () => {
    const result = policies.reload();
    if (!result.ok) logger.error({ problems: result.error }, "new routing policy refused; the old one stays active");
    else if (result.changed) logger.info({ version: result.version }, "routing policy reloaded");
  };
  const stopWatching = watchPolicyFile(policies.loaded.loadedFrom, reload);
  process.on("SIGHUP", reload);

  const store = await openStore({ service: "routing", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, ROUTING_COLLECTIONS);
  const bus = await EventBus.connect({ ...natsSettingsOf(config), namespace: config.EVENT_NAMESPACE, service: "routing", logger });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  const subscriptions = await subscribeRouting(bus, { store, policy: () => policies.policy, eventsStored: () => relay.wake() }, logger);
  const server = await startGrpcServer(config.GRPC_HOST, config.ROUTING_GRPC_PORT, [
    routingGrpc(policies, store, logger, new Authenticator(authSettingsOf(config))),
  ]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "policy watch", stop: async () => stopWatching() });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "outbox relay", stop: () => relay.stop() });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  life.add({ name: "tracing", stop: stopTracing });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
