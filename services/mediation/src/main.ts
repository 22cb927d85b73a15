// Wiring only: configuration, roster, store, bus, timers, consumers, gRPC, and graceful shutdown.
import { readFileSync } from "node:fs";
import { EventBus, OutboxRelay } from "@mediation/bus";
import { authSettingsOf } from "@mediation/config";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { createLogger, startTracing, stopTracing } from "@mediation/telemetry";
import { mediatorGrpc, rosterGrpc } from "./adapters/grpc/mediator-grpc.js";
import { subscribeMediation } from "./adapters/nats/subscriptions.js";
import { CaseTimers } from "./adapters/queue/case-timers.js";
import type { MediationDeps } from "./application/change-case.js";
import { MEDIATION_COLLECTIONS } from "./application/collections.js";
import { OfferFeed } from "./application/offer-feed.js";
import { seedRoster } from "./application/roster.js";
import { fireTimer, rebuildTimers } from "./application/timers.js";
import { loadMediationConfig, settingsOf } from "./config.js";
import { parseRoster } from "./domain/roster.js";

const logger = createLogger("mediation");

runMain("mediation", logger, async () => {
  const config = loadMediationConfig();
  startTracing("mediation");
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  let rosterText: string;
  try {
    rosterText = readFileSync(config.ROSTER_FILE, "utf8");
  } catch {
    throw new Error(`cannot read the roster ${config.ROSTER_FILE}; set ROSTER_FILE to a JSON file of mediators`);
  }
  const roster = parseRoster(JSON.parse(rosterText));
  const store = await openStore({ service: "mediation", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, MEDIATION_COLLECTIONS);
  const seeded = await seedRoster(store, roster);
  logger.info({ seeded, file: config.ROSTER_FILE }, seeded ? "roster seeded from file" : "roster kept from the store");
  const bus = await EventBus.connect({ url: config.NATS_URL, namespace: config.EVENT_NAMESPACE, service: "mediation", logger });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  const timers = new CaseTimers(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, logger);
  const deps: MediationDeps = {
    store,
    settings: settingsOf(config),
    channels: config.MEDIATION_CHANNELS,
    feed: new OfferFeed(),
    timers,
    eventsStored: () => relay.wake(),
  };
  // Redis is not the source of truth: every pending timer is scheduled again from the store.
  logger.info({ timers: await rebuildTimers(deps) }, "timers rebuilt from the store");
  timers.start(async (timer) => void (await fireTimer(deps, timer)));
  const subscriptions = await subscribeMediation(bus, deps, logger);
  const auth = new Authenticator(authSettingsOf(config));
  const server = await startGrpcServer(config.GRPC_HOST, config.MEDIATION_GRPC_PORT, [
    mediatorGrpc(deps, logger, auth),
    rosterGrpc(deps, logger, auth),
  ]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "timers", stop: () => timers.close() });
  life.add({ name: "outbox relay", stop: () => relay.stop() });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  life.add({ name: "tracing", stop: stopTracing });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
