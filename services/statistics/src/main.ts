// Wiring only: store, bus, relay, the month-end freeze, the read-model consumer and gRPC on the
// service host, which stops them in reverse.
import { tmpdir } from "node:os";
import { authSettingsOf } from "@mediation/config";
import { Authenticator } from "@mediation/grpc-kit";
import { observeQueue, runService } from "@mediation/runtime";
import { QueueWatch } from "@mediation/runtime/queue-watch";
import { serviceParts } from "@mediation/runtime/service-parts";
import { statisticsGrpc } from "./adapters/grpc/statistics-grpc.js";
import { STATISTICS_DURABLE, subscribeStatistics } from "./adapters/nats/subscriptions.js";
import { MonthEndSchedule } from "./adapters/queue/month-end.js";
import { removeLeftScratch, replayIntoScratch } from "./adapters/rebuild/replay.js";
import { STATISTICS_COLLECTIONS } from "./application/collections.js";
import { MonthEndFreeze } from "./application/month-end-freeze.js";
import { rebuildAndCompare } from "./application/rebuild.js";
import { fileScopeTotals } from "./application/scope-totals.js";
import { clockOf, loadStatisticsConfig } from "./config.js";

runService("statistics", loadStatisticsConfig, async (host, config, logger) => {
  const parts = serviceParts(host, "statistics", config, logger);
  const store = await parts.openStore(STATISTICS_COLLECTIONS);
  const { bus, eventsStored, checks } = await parts.connectBus(store);
  // Before anything counts or reports: a read model counted before the scopes' running totals gets them here, once.
  await fileScopeTotals(store);

  // Publishes every ended month that is still open, once the consumer has counted past its end.
  const freeze = new MonthEndFreeze({
    store,
    lag: () => bus.consumerLag(STATISTICS_DURABLE),
    now: clockOf(config),
    eventsStored,
    logger,
    retryMs: config.FREEZE_RETRY_MS,
    signal: host.signal,
  });
  const freezeEndedMonths = () => freeze.run();
  const monthEnd = await host.acquire(
    "month-end",
    () => new MonthEndSchedule(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, logger),
    (m) => m.close(),
  );
  await host.wait(monthEnd.start(freezeEndedMonths));
  const queue = await host.acquire(
    "queue watch",
    () => new QueueWatch(config.REDIS_URL, config.QUEUE_PREFIX ?? config.EVENT_NAMESPACE, "month-end"),
    (q) => q.close(),
  );
  observeQueue(queue, "month-end");
  await parts.startConsumers(() => subscribeStatistics(bus, store));
  freezeEndedMonths().catch((error) => logger.error({ err: (error as Error).message }, "month-end freeze at start failed"));

  const rebuildDir = config.REBUILD_DIR ?? tmpdir();
  const left = removeLeftScratch(rebuildDir);
  if (left) logger.info({ folders: left, in: rebuildDir }, "removed what rebuilds stopped midway had left");
  const rebuild = () => rebuildAndCompare(store, () => replayIntoScratch((onBatch, size) => bus.replay(onBatch, size), rebuildDir));
  const auth = new Authenticator(authSettingsOf(config));
  await parts.serveGrpc(config.STATISTICS_GRPC_PORT, () => [statisticsGrpc({ store, logger, eventsStored, auth, rebuild })], {
    ...checks,
    redis: () => queue.ping(),
  });
});
