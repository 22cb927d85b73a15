export { findChromium } from "./centre/chromium.js";
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
export { CentreClients, clientTlsOf, connectCentre } from "./clients.js";
export { type Credentials, developmentSigner, fixedToken, noCredentials, type SignerOptions } from "./credentials.js";
export { fenToYuan, UsageError, yuanToFen } from "./money.js";
