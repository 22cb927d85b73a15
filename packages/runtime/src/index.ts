// QueueWatch is at "@mediation/runtime/queue-watch": only services with a BullMQ queue load BullMQ at start.
export { watchEventLoop } from "./event-loop-stalls.js";
export { type Check, type ReadinessOptions, watchReadiness } from "./readiness.js";
export { type HostSettings, runService, type ServiceStart } from "./run-service.js";
export { followReadiness, observeQueue } from "./service-checks.js";
export { type ServiceHost, StartAborted, serviceHost } from "./service-host.js";
