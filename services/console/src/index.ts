export { type ConsoleConfig, loadConsoleConfig } from "./config.js";
export { type RunningConsole, startConsole, WEB_DIST } from "./server.js";
