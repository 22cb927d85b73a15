export { createLogger, type Logger } from "./logger.js";
export { captureTrace, inTrace, startTracing, stopTracing, tracer } from "./tracing.js";
