// Wiring only: store, bus, outbox relay and gRPC on the service host, which stops them in reverse.
import { AuditTrail, auditGrpc } from "@mediation/audit";
import { authSettingsOf, piiKeysOf } from "@mediation/config";
import { Authenticator } from "@mediation/grpc-kit";
import { runService } from "@mediation/runtime";
import { serviceParts } from "@mediation/runtime/service-parts";
import { Envelope, KeyRing, sealingStore, startErasureSweep } from "@mediation/store/sealing";
import { intakeGrpc } from "./adapters/grpc/intake-grpc.js";
import { personalDataGrpc } from "./adapters/grpc/personal-data-grpc.js";
import { intakeMetrics } from "./adapters/metrics.js";
import { subscribeIntake } from "./adapters/nats/subscriptions.js";
import { DisputeRecords } from "./adapters/store/dispute-records.js";
import { intakeSealing } from "./adapters/store/sealing-rules.js";
import { INTAKE_COLLECTIONS } from "./application/collections.js";
import { forgetParties } from "./application/retention.js";
import { upgradeSealing } from "./application/upgrade-sealing.js";
import { loadIntakeConfig } from "./config.js";

runService("intake", loadIntakeConfig, async (host, config, logger) => {
  const envelope = new Envelope(new KeyRing(piiKeysOf(config)));
  const disputes = new DisputeRecords(config.PARTY_KEY_SECRET);
  const parts = serviceParts(host, "intake", config, logger);
  const raw = await parts.openStore(INTAKE_COLLECTIONS);
  // Parties, summaries and reasons are sealed under each dispute's data key (docs/architecture.md#sealed-personal-data).
  const store = sealingStore(raw, envelope, intakeSealing(config.RETENTION_PERIOD));
  const upgraded = await host.wait(upgradeSealing(raw, store));
  if (upgraded > 0) logger.info({ records: upgraded }, "records sealed before data keys are now sealed under their dispute's data key");
  await host.acquire(
    "erasure sweep",
    () =>
      startErasureSweep(raw, config.RETENTION_SWEEP_INTERVAL, {
        erased: async (ids) => {
          await forgetParties(raw, ids);
          logger.info({ disputes: ids.length }, "personal data erased: retention period ended");
        },
        failed: (error) => logger.warn({ err: error.message }, "erasure sweep failed; it runs again"),
      }),
    (stop) => stop(),
  );
  const { bus, eventsStored, checks } = await parts.connectBus(store, () => ({ onPublished: intakeMetrics().published }));
  await parts.startConsumers(() => subscribeIntake(bus, store));
  const auth = new Authenticator(authSettingsOf(config));
  const audit = new AuditTrail("intake");
  const grpc = intakeGrpc({
    store,
    disputes,
    logger,
    auth,
    partyKeySecret: config.PARTY_KEY_SECRET,
    audit,
    eventsStored,
  });
  await parts.serveGrpc(
    config.INTAKE_GRPC_PORT,
    () => [
      grpc,
      auditGrpc({ store, auth, logger }),
      personalDataGrpc({ store, disputes, partyKeySecret: config.PARTY_KEY_SECRET, logger, auth, audit }),
    ],
    checks,
  );
});
