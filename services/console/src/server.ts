// The console's HTTP server: the built web app, its JSON API, sign-in, and the CSRF check on
// every change. It calls the services over gRPC with each signed-in person's own token.
import { existsSync } from "node:fs";
import { join } from "node:path";
import cookie from "@fastify/cookie";
import staticFiles from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import type { ConsoleConfig } from "./config.js";
import { apiError } from "./errors.js";
import { OidcSignIn } from "./oidc.js";
import { caseRoutes } from "./routes/cases.js";
import { disputeRoutes } from "./routes/disputes.js";
import { healthRoutes } from "./routes/health.js";
import { liveOfferRoutes } from "./routes/live-offers.js";
import { reportRoutes } from "./routes/reports.js";
import { supervisionRoutes } from "./routes/supervision.js";
import { csrfRefusal, Sessions } from "./sessions.js";
import { signInRoutes } from "./sign-in.js";
import { WEB_DIST } from "./web-build.js";

export interface RunningConsole {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export interface ConsoleOptions {
  logger?: boolean;
  /** The built web app; default dist/web. */
  webDir?: string;
  /** Lets a test's identity provider on this machine speak plain HTTP. */
  oidcOverHttp?: boolean;
}

export async function startConsole(config: ConsoleConfig, options: ConsoleOptions = {}): Promise<RunningConsole> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 256 * 1024 });
  const sessions = new Sessions(
    {
      intake: config.MEDIATION_INTAKE_ADDR,
      routing: config.MEDIATION_ROUTING_ADDR,
      mediation: config.MEDIATION_MEDIATION_ADDR,
      statistics: config.MEDIATION_STATISTICS_ADDR,
    },
    config.SESSION_HOURS * 3600_000,
  );
  await app.register(cookie);

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    reply.header("x-frame-options", "DENY");
    const refusal = csrfRefusal(request, sessions.of(request));
    if (refusal) {
      const error = apiError("CSRF", refusal, 403);
      return reply.code(error.status).send(error.body);
    }
  });

  healthRoutes(app);
  signInRoutes(app, config, sessions, config.DEV_AUTH_SECRET ? undefined : new OidcSignIn(config, options.oidcOverHttp));
  disputeRoutes(app, sessions);
  caseRoutes(app, sessions);
  liveOfferRoutes(app, sessions);
  reportRoutes(app, sessions);
  supervisionRoutes(app, sessions);

  const webDir = options.webDir ?? WEB_DIST;
  if (!existsSync(join(webDir, "index.html"))) {
    throw new Error(`the web app is not built (no ${webDir}/index.html); run: pnpm --filter @mediation/console build`);
  }
  await app.register(staticFiles, { root: webDir, index: "index.html", maxAge: "1h" });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/") || request.url.startsWith("/auth/")) {
      const error = apiError("NOT_FOUND", `no such route: ${request.method} ${request.url}`, 404);
      return reply.code(error.status).send(error.body);
    }
    return reply.sendFile("index.html", { maxAge: 0 });
  });
  // The app's own pages run only the app's own scripts; its styles are injected by Ant Design.
  app.addHook("onSend", async (request, reply, payload) => {
    if (!request.url.startsWith("/api/") && String(reply.getHeader("content-type") ?? "").startsWith("text/html")) {
      reply.header("content-security-policy", CSP);
    }
    return payload;
  });
  app.addHook("onClose", async () => sessions.closeAll());

  await app.listen({ host: config.CONSOLE_HOST, port: config.CONSOLE_PORT });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.CONSOLE_PORT;
  return { app, url: `http://${config.CONSOLE_HOST}:${port}`, stop: () => app.close() };
}
