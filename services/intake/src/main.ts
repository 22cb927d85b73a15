// Wiring only: store, bus, outbox relay and gRPC on the service host, which stops them in reverse.
import { AuditTrail, auditGrpc } from "@mediation/audit";
import { EventBus, OutboxRelay } from "@mediation/bus";
import { OUTBOX } from "@mediation/bus/outbox";
import { authSettingsOf, grpcTlsOf, natsSettingsOf } from "@mediation/config";
import { Authenticator, startGrpcServer } from "@mediation/grpc-kit";
import { followReadiness, runService } from "@mediation/runtime";
import { openStore } from "@mediation/store";
import { intakeGrpc } from "./adapters/grpc/intake-grpc.js";
import { intakeMetrics } from "./adapters/metrics.js";
import { subscribeIntake } from "./adapters/nats/subscriptions.js";
import { DisputeRecords } from "./adapters/store/dispute-records.js";
import { PiiCipher } from "./adapters/store/pii-cipher.js";
import { INTAKE_COLLECTIONS } from "./application/collections.js";
import { loadIntakeConfig } from "./config.js";

runService("intake", loadIntakeConfig, async (host, config, logger) => {
  const cipher = new PiiCipher(Buffer.from(config.PII_KEY, "base64"), config.PII_KEY_ID);
  const disputes = new DisputeRecords(cipher);
  const store = await host.acquire(
    "store",
    () => openStore({ service: "intake", mongoUrl: config.MONGO_URL, dataDir: config.DATA_DIR }, INTAKE_COLLECTIONS),
    (s) => s.close(),
  );
  const bus = await host.acquire(
    "nats",
    (signal) =>
      EventBus.connect({ ...natsSettingsOf(config), namespace: config.EVENT_NAMESPACE, service: "intake", logger, signal, store }),
    (b) => b.close(),
  );
  const relay = await host.acquire(
    "outbox relay",
    () => new OutboxRelay(store, bus, logger, { onPublished: intakeMetrics().published }),
    (r) => r.stop(),
  );
  relay.start();
  await host.acquire(
    "consumers",
    () => subscribeIntake(bus, store),
    (subscriptions) => Promise.all(subscriptions.map((s) => s.stop())),
  );
  const auth = new Authenticator(authSettingsOf(config));
  const grpc = intakeGrpc({
    store,
    disputes,
    logger,
    auth,
    partyKeySecret: config.PARTY_KEY_SECRET,
    sealer: cipher,
    audit: new AuditTrail("intake"),
    eventsStored: () => relay.wake(),
  });
  const server = await host.acquire(
    "grpc",
    () => startGrpcServer(config.GRPC_HOST, config.INTAKE_GRPC_PORT, [grpc, auditGrpc({ store, auth, logger })], grpcTlsOf(config)),
    (s) => s.stop(config.SHUTDOWN_TIMEOUT_MS / 2),
  );
  await followReadiness(host, server, { nats: () => bus.ping(1_000), store: () => store.collection(OUTBOX).get("readiness") }, logger);
  logger.info({ port: server.port, host: config.GRPC_HOST }, "listening");
});
