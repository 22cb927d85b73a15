// Wiring only: policy, store, bus, relay, consumers and gRPC on the service host, which stops them
// in reverse.
import { auditGrpc, namingCallers, withCallerSlot } from "@mediation/audit";
import { authSettingsOf } from "@mediation/config";
import { Authenticator } from "@mediation/grpc-kit";
import { runService } from "@mediation/runtime";
import { serviceParts } from "@mediation/runtime/service-parts";
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
  const parts = serviceParts(host, "routing", config, logger);
  const store = await parts.openStore(ROUTING_COLLECTIONS);
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
  const { bus, eventsStored, checks } = await parts.connectBus(store, () => ({ onPublished: routingMetrics(store).published }));
  const deps = { store, policy: () => policies.policy, eventsStored };
  await host.acquire(
    "sighting pruning",
    () => startSightingPruning(store, deps.policy, logger),
    (stop) => stop(),
  );
  await parts.startConsumers(() => subscribeRouting(bus, deps, logger));
  // The supervisor's calls are audited as the caller (namingCallers fills each call's slot).
  const auth = namingCallers(new Authenticator(authSettingsOf(config)));
  await parts.serveGrpc(
    config.ROUTING_GRPC_PORT,
    () => [
      routingGrpc(policies, store, logger, auth),
      withCallerSlot(supervisorGrpc(deps, logger, auth)),
      auditGrpc({ store, auth, logger }),
    ],
    checks,
  );
});
