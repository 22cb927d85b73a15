export { createLogger, type Logger } from "./logger.js";
export { LATENCY_BUCKETS_MS, type MetricsEndpoint, meter, startMetrics, WAIT_BUCKETS_S } from "./metrics.js";
export { captureTrace, inTrace, startTracing, stepInTrace, stopTracing, tracer } from "./tracing.js";
