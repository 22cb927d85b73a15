// Live offers as server-sent events, fed by the mediation service's WatchAssignments stream under
// the mediator's own token. When the service's stream ends or fails, the response ends too; the
// browser's EventSource reconnects and the service sends every pending offer again, so none is
// lost. The page keeps one row per offer id.
import { mediation } from "@mediation/contracts";
import { withToken } from "@mediation/grpc-kit";
import type { FastifyInstance } from "fastify";
import { fromServiceError } from "../errors.js";
import type { Sessions } from "../sessions.js";
import { signedIn } from "./guard.js";

const HEARTBEAT_MS = 15_000;
const RETRY_MS = 2_000;

export function liveOfferRoutes(app: FastifyInstance, sessions: Sessions): void {
  const open = new Set<() => void>();
  app.addHook("onClose", async () => {
    for (const end of [...open]) end();
  });
  app.get(
    "/api/offers/stream",
    signedIn(sessions, async (session, request, reply) => {
      const { clients, person } = session;
      const token = await sessions.token(session);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      out.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      const send = (event: string, data: unknown) => out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const heartbeat = setInterval(() => out.write(": still here\n\n"), HEARTBEAT_MS);
      const stream = clients.mediator.watchAssignments({ mediatorId: person.mediatorId }, withToken(token));
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        stream.cancel();
        out.end();
      };
      open.add(end);
      stream.on("data", (message: mediation.WatchAssignmentsResponse) => {
        if (message.offer) send("offer", mediation.Offer.toJSON(message.offer));
      });
      stream.on("error", (error) => {
        if (open.has(end)) send("problem", fromServiceError(error).body.error);
        end();
      });
      stream.on("end", end);
      request.raw.once("close", end);
    }),
  );
}
