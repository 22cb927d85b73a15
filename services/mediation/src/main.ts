// Wiring only: roster, store, bus, relay, timers, consumers and gRPC on the service host, which
// stops them in reverse.

import { readFileSync } from "node:fs";
import { auditGrpc, namingCallers, withCallerSlot } from "@mediation/audit";
import { authSettingsOf, piiKeysOf } from "@mediation/config";
import { Authenticator } from "@mediation/grpc-kit";
import { observeQueue, runService } from "@mediation/runtime";
import { QueueWatch } from "@mediation/runtime/queue-watch";
import { serviceParts } from "@mediation/runtime/service-parts";
import { Envelope, KeyRing, sealingStore, startErasureSweep } from "@mediation/store/sealing";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "./adapters/calendar-files.js";
import { mediatorGrpc } from "./adapters/grpc/mediator-grpc.js";
import { personalDataGrpc } from "./adapters/grpc/personal-data-grpc.js";
import { rosterGrpc } from "./adapters/grpc/roster-grpc.js";
import { mediationMetrics } from "./adapters/metrics.js";
import { subscribeMediation } from "./adapters/nats/subscriptions.js";
import { CaseTimers } from "./adapters/queue/case-timers.js";
import { mediationSealing } from "./adapters/store/sealing-rules.js";
import type { MediationDeps } from "./application/change-case.js";
import { MEDIATION_COLLECTIONS } from "./application/collections.js";
import { OfferFeed } from "./application/offer-feed.js";
import { seedRoster } from "./application/roster.js";
import { fireTimer, startTimerSweep } from "./application/timers.js";
import { clockOf, loadMediationConfig, settingsOf } from "./config.js";
import { parseRoster } from "./domain/roster.js";

function readRoster(file: string) {
  try {
    return parseRoster(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new Error(`cannot read the roster ${file} (${(error as Error).message}); set ROSTER_FILE to a JSON file of mediators`);
  }
}

runService("mediation", loadMediationConfig, async (host, config, logger) => {
  const roster = readRoster(config.ROSTER_FILE);
  const now = clockOf(config);
  // A missing or wrong year file stops the start: a working-day deadline is never guessed.
  const { calendar, warnings } = await loadWorkingCalendar(config.WORKING_CALENDAR_DIR?.trim() || DEFAULT_CALENDAR_DIR, now());
  for (const warning of warnings) logger.warn(warning);
  const envelope = new Envelope(new KeyRing(piiKeysOf(config)));
  const parts = serviceParts(host, "mediation", config, logger);
  const raw = await parts.openStore(MEDIATION_COLLECTIONS);
  // Notes, obligations and reasons are sealed under each dispute's data key (docs/architecture.md#sealed-personal-data).
  const store = sealingStore(raw, envelope, mediationSealing(config.RETENTION_PERIOD));
  await host.acquire(
    "erasure sweep",
    () =>
      startErasureSweep(raw, config.RETENTION_SWEEP_INTERVAL, {
        erased: async (ids) => logger.info({ disputes: ids.length }, "personal data erased: retention period ended"),
        failed: (error) => logger.warn({ err: error.message }, "erasure sweep failed; it runs again"),
      }),
    (stop) => stop(),
  );
  const seeded = await host.wait(seedRoster(store, roster));
  logger.info({ seeded, file: config.ROSTER_FILE }, seeded ? "roster seeded from file" : "roster kept from the store");
  const { bus, eventsStored, checks } = await parts.connectBus(store, () => ({ onPublished: mediationMetrics(store).published }));
  const timers = await host.acquire(
    "timers",
    () => new CaseTimers(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, logger, now),
    (t) => t.close(),
  );
  await host.wait(timers.checkRedis());
  const queue = await host.acquire(
    "queue watch",
    () => new QueueWatch(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, "case-timers"),
    (q) => q.close(),
  );
  observeQueue(queue, "case-timers");
  const feed = new OfferFeed();
  const deps: MediationDeps = {
    store,
    settings: settingsOf(config, calendar),
    feed,
    timers,
    eventsStored,
    logger,
    now,
  };
  // Redis is not the source of truth: the timers are swept at start (in full) and every sweep interval.
  await host.acquire(
    "timer sweep",
    () => startTimerSweep(deps, { everyMs: config.TIMER_SWEEP_INTERVAL, fullEveryMs: config.TIMER_FULL_SWEEP_INTERVAL }),
    (stop) => stop(),
  );
  timers.start(async (timer) => void (await fireTimer(deps, timer)));
  await parts.startConsumers(() => subscribeMediation(bus, deps, logger));
  // Every change and read through gRPC is audited as its caller (docs/architecture.md#audit-trail).
  const auth = namingCallers(new Authenticator(authSettingsOf(config)));
  const bindings = [mediatorGrpc(deps, logger, auth), rosterGrpc(deps, logger, auth), personalDataGrpc(deps, logger, auth)].map(
    withCallerSlot,
  );
  await parts.serveGrpc(config.MEDIATION_GRPC_PORT, () => [...bindings, auditGrpc({ store, auth, logger })], {
    ...checks,
    redis: () => queue.ping(),
  });
});
