export { call, checkHealth, createClient, DEFAULT_DEADLINE_MS, isServiceError, status } from "./client.js";
export { type GrpcServiceBinding, type RunningServer, serverStream, startGrpcServer, unary } from "./server.js";
export { toServiceError } from "./status.js";
