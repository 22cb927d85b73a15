export { answers, ensureInfrastructure, MissingInfrastructure } from "./centre/infrastructure.js";
export {
  type CentreOptions,
  DEFAULT_PORTS,
  REPO_ROOT,
  type RunningCentre,
  SERVICES,
  type ServiceName,
  startCentre,
} from "./centre/launch.js";
export { CentreClients, connectCentre } from "./clients.js";
export { AUTH_DEFAULTS, type Credentials, developmentSigner, fixedToken, noCredentials } from "./credentials.js";
export { fenToYuan, UsageError, yuanToFen } from "./money.js";
