export {
  Authenticator,
  type AuthSettings,
  type Principal,
  ROLES,
  type Role,
  type SigningSettings,
  signToken,
  type TokenClaims,
} from "./auth.js";
export { call, checkHealth, createClient, DEFAULT_DEADLINE_MS, healthStatus, isServiceError, status, withToken } from "./client.js";
export { type GrpcServiceBinding, type RunningServer, serverStream, startGrpcServer, unary } from "./server.js";
