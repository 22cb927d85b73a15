// GET /healthz for the orchestrator's probes: the console answers HTTP. It does not ask the
// services behind it, so a service's outage shows as that page's error, not as the console
// being taken out of rotation with everything else.
import type { FastifyInstance } from "fastify";

export function healthRoutes(app: FastifyInstance): void {
  app.get("/healthz", async (_request, reply) => reply.header("cache-control", "no-store").send({ status: "ok" }));
}
