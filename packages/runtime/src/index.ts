export { type HostSettings, runService, type ServiceStart } from "./run-service.js";
export { type ServiceHost, StartAborted, serviceHost } from "./service-host.js";
export { type WaitOptions, waitFor } from "./wait-for.js";
