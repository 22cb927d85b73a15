// Wiring only: policy, store, bus, relay, consumers and gRPC on the service host, which stops them
// in reverse.
import { auditGrpc, namingCallers, withCallerSlot } from "@mediation/audit";
import { EventBus, OutboxRelay } from "@mediation/bus";
import { OUTBOX } from "@mediation/bus/outbox";
import { authSettingsOf, grpcTlsOf, natsSettingsOf } from "@mediation/config";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { followReadiness, runService } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { routingGrpc } from "./adapters/grpc/routing-grpc.js";
import { supervisorGrpc } from "./adapters/grpc/supervisor-grpc.js";
import { routingMetrics } from "./adapters/metrics.js";
import { subscribeRouting } from "./adapters/nats/subscriptions.js";
import { parsePolicy } from "./adapters/policy/policy-file.js";
import { readPolicyFile, watchPolicyFile } from "./adapters/policy/policy-watch.js";
import { recordPolicyReload } from "./application/audit.js";
import { ROUTING_COLLECTIONS } from "./application/collections.js";
import { PolicyHolder } from "./application/policy-holder.js";
import { startSightingPruning } from "./application/prune-sightings.js";
import { loadRoutingConfig } from "./config.js";

runService("routing", loadRoutingConfig, async (host, config, logger) => {
  const store = await host.acquire(
    "store",
    () => openStore({ service: "routing", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, ROUTING_COLLECTIONS),
    (s) => s.close(),
  );
  const policies = new PolicyHolder(() => readPolicyFile(config.ROUTING_POLICY_FILE), parsePolicy);
  logger.info({ version: policies.policy.version, file: policies.loaded.loadedFrom }, "routing policy loaded");
  const reload = () => {
    const result = policies.reload();
    if (!result.ok) logger.error({ problems: result.error }, "new routing policy refused; the old one stays active");
    else if (result.changed) logger.info({ version: result.version }, "routing policy reloaded");
    if (!result.ok || result.changed) {
      recordPolicyReload(store, result).catch((error: Error) => logger.error({ err: error.message }, "policy reload not audited"));
    }
  };
  await host.acquire(
    "policy watch",
    () => {
      process.on("SIGHUP", reload);
      return watchPolicyFile(policies.loaded.loadedFrom, reload);
    },
    (stopWatching) => {
      process.off("SIGHUP", reload);
      stopWatching();
    },
  );
  const bus = await host.acquire(
    "nats",
    (signal) =>
      EventBus.connect({ ...natsSettingsOf(config), namespace: config.EVENT_NAMESPACE, service: "routing", logger, signal, store }),
    (b) => b.close(),
  );
  const relay = await host.acquire(
    "outbox relay",
    () => new OutboxRelay(store, bus, logger, { onPublished: routingMetrics(store).published }),
    (r) => r.stop(),
  );
  relay.start();
  const deps = { store, policy: () => policies.policy, eventsStored: () => relay.wake() };
  await host.acquire(
    "sighting pruning",
    () => startSightingPruning(store, deps.policy, logger),
    (stop) => stop(),
  );
  await host.acquire(
    "consumers",
    () => subscribeRouting(bus, deps, logger),
    (subscriptions) => Promise.all(subscriptions.map((s) => s.stop())),
  );
  // The supervisor's calls are audited as the caller (namingCallers fills each call's slot).
  const auth = namingCallers(new Authenticator(authSettingsOf(config)));
  const server = await host.acquire(
    "grpc",
    () =>
      startGrpcServer(
        config.GRPC_HOST,
        config.ROUTING_GRPC_PORT,
        [
          routingGrpc(policies, store, logger, auth),
          withCallerSlot(supervisorGrpc(deps, logger, auth)),
          auditGrpc({ store, auth, logger }),
        ],
        grpcTlsOf(config),
      ),
    (s) => s.stop(config.SHUTDOWN_TIMEOUT_MS / 2),
  );
  await followReadiness(host, server, { nats: () => bus.ping(1_000), store: () => store.collection(OUTBOX).get("readiness") }, logger);
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
