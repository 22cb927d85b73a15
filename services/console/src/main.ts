// Wiring only: configuration, the web build, the HTTP server on the service host (which stops it on
// SIGTERM). Prints its address at start.
import { runService } from "@mediation/runtime";
import { loadConsoleConfig } from "./config.js";
import { startConsole } from "./server.js";
import { ensureWebBuild } from "./web-build.js";

runService(
  "console",
  () => loadConsoleConfig(),
  async (host, config, logger) => {
    await host.wait(ensureWebBuild((line) => logger.info(line)));
    const running = await host.acquire(
      "http",
      () => startConsole(config),
      (r) => r.stop(),
    );
    const { port } = new URL(running.url);
    logger.info(
      { host: config.CONSOLE_HOST, port: Number(port), url: running.url, signIn: config.DEV_AUTH_SECRET ? "development" : "oidc" },
      "listening",
    );
  },
);
