// Wiring only: configuration, store, bus, outbox relay, gRPC, and graceful shutdown.
import { EventBus, OutboxRelay } from "@mediation/bus";
import { authSettingsOf } from "@mediation/config";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { lifecycle, runMain } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { createLogger, startTracing, stopTracing } from "@mediation/telemetry";
import { intakeGrpc } from "./adapters/grpc/intake-grpc.js";
import { subscribeIntake } from "./adapters/nats/subscriptions.js";
import { DisputeRecords } from "./adapters/store/dispute-records.js";
import { PiiCipher } from "./adapters/store/pii-cipher.js";
import { INTAKE_COLLECTIONS } from "./application/collections.js";
import { DEVELOPMENT_PII_KEY, loadIntakeConfig } from "./config.js";

const logger = createLogger("intake");

runMain("intake", logger, async () => {
  const config = loadIntakeConfig();
  startTracing("intake");
  const life = lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  if (config.PII_KEY === DEVELOPMENT_PII_KEY) logger.warn("PII_KEY is the development key: set your own before storing real parties' data");
  const cipher = new PiiCipher(Buffer.from(config.PII_KEY, "base64"), config.PII_KEY_ID);
  const disputes = new DisputeRecords(cipher);
  const store = await openStore({ service: "intake", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, INTAKE_COLLECTIONS);
  const bus = await EventBus.connect({ url: config.NATS_URL, namespace: config.EVENT_NAMESPACE, service: "intake", logger });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  const subscriptions = await subscribeIntake(bus, store);
  const server = await startGrpcServer(config.GRPC_HOST, config.INTAKE_GRPC_PORT, [
    intakeGrpc({
      store,
      disputes,
      logger,
      auth: new Authenticator(authSettingsOf(config)),
      partyKeySecret: config.PARTY_KEY_SECRET,
      sealer: cipher,
      eventsStored: () => relay.wake(),
    }),
  ]);
  life.add({ name: "grpc", stop: () => server.stop(config.SHUTDOWN_TIMEOUT_MS / 2) });
  life.add({ name: "consumers", stop: async () => void (await Promise.all(subscriptions.map((s) => s.stop()))) });
  life.add({ name: "outbox relay", stop: () => relay.stop() });
  life.add({ name: "nats", stop: () => bus.close() });
  life.add({ name: "store", stop: () => store.close() });
  life.add({ name: "tracing", stop: stopTracing });
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
