// Wiring only: configuration, the HTTP server, graceful shutdown. Prints its address at start.
import { lifecycle, runMain } from "@mediation/runtime";
import { createLogger } from "@mediation/telemetry";
import { loadConsoleConfig } from "./config.js";
import { startConsole } from "./server.js";
import { ensureWebBuild } from "./web-build.js";

const logger = createLogger("console");

runMain("console", logger, async () => {
  const config = loadConsoleConfig();
  await ensureWebBuild((line) => logger.info(line));
  const life = lifecycle(logger, 10_000);
  const running = await startConsole(config);
  life.add({ name: "http", stop: running.stop });
  const { port } = new URL(running.url);
  logger.info(
    { host: config.CONSOLE_HOST, port: Number(port), url: running.url, signIn: config.DEV_AUTH_SECRET ? "development" : "oidc" },
    "listening",
  );
});
