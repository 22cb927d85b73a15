export { type ConsoleConfig, loadConsoleConfig } from "./config.js";
export { type RunningConsole, startConsole } from "./server.js";
export { ensureWebBuild, WEB_DIST } from "./web-build.js";
