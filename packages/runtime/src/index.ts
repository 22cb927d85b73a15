export { type JobCounts, QueueWatch } from "./queue-watch.js";
export { type Check, type ReadinessOptions, watchReadiness } from "./readiness.js";
export { type HostSettings, runService, type ServiceStart } from "./run-service.js";
export { followReadiness, observeQueue } from "./service-checks.js";
export { type ServiceHost, StartAborted, serviceHost } from "./service-host.js";
export { type WaitOptions, waitFor } from "./wait-for.js";
