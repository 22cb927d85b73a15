// What the benchmarks may drive directly: the read model's use cases, without a running service.
export { countEvent } from "./adapters/nats/subscriptions.js";
export { replayIntoScratch } from "./adapters/rebuild/replay.js";
export { STATISTICS_COLLECTIONS } from "./application/collections.js";
export { getMonthlyReport } from "./application/reports.js";
