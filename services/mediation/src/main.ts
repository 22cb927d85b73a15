// Wiring only: configuration, roster, store, bus, consumers, gRPC, and graceful shutdown.
import { readFileSync } from "node:fs";
import { EventBus, OutboxRelay } from "@mediation/bus";
import { startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { createLogger, startTracing } from "@mediation/telemetry";
import { mediatorGrpc } from "./adapters/grpc/mediator-grpc.js";
import { subscribeMediation } from "./adapters/nats/subscriptions.js";
import { MEDIATION_COLLECTIONS } from "./adapters/store/collections.js";
import type { MediationDeps } from "./application/cases.js";
import { OfferFeed } from "./application/offer-feed.js";
import { loadMediationConfig } from "./config.js";
import { parseRoster } from "./domain/roster.js";

const logger = createLogger("mediation");

runMain("mediation", logger, async () => {
  const config = loadMediationConfig();
  startTracing();
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  let rosterText: string;
  try {
    rosterText = readFileSync(config.ROSTER_FILE, "utf8");
  } catch {
    throw new Error(`cannot read the roster ${config.ROSTER_FILE}; set ROSTER_FILE to a JSON file of mediators`);
  }
  const roster = parseRoster(JSON.parse(rosterText));
  logger.info({ mediators: roster.length, file: config.ROSTER_FILE }, "roster loaded");
  const store = await openStore({ service: "mediation", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, MEDIATION_COLLECTIONS);
  const bus = await EventBus.connect({ url: config.NATS_URL, namespace: config.EVENT_NAMESPACE, service: "mediation", logger });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  const deps: MediationDeps = {
    store,
    roster: () => roster,
    channels: config.MEDIATION_CHANNELS,
    feed: new OfferFeed(),
    eventsStored: () => relay.wake(),
  };
  const subscriptions = await subscribeMediation(bus, deps, logger);
  const server = await startGrpcServer(config.GRPC_HOST, config.MEDIATION_GRPC_PORT, [mediatorGrpc(deps, logger)]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "outbox relay", stop: () => relay.stop() });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
