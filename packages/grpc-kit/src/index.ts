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
export {
  type ClientTls,
  call,
  channelCredentials,
  checkHealth,
  createClient,
  DEFAULT_DEADLINE_MS,
  healthStatus,
  isServiceError,
  status,
  withToken,
} from "./client.js";
export { type GrpcServiceBinding, type RunningServer, type ServerTls, serverStream, startGrpcServer, unary } from "./server.js";
