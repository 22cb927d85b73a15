export { createLogger, type Logger } from "./logger.js";
export { startTracing, stopTracing, tracer } from "./tracing.js";
