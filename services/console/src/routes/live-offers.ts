// Live offers as server-sent events, fed by the mediation service's WatchAssignments stream under
// the mediator's own token. When either side drops, the browser's EventSource reconnects and the
// service sends every pending offer again, so none is lost; the page keeps one row per offer id.
import { mediation } from "@mediation/contracts";
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
    signedIn(sessions, async ({ clients, person }, request, reply) => {
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
      const stop = clients.watchAssignments(
        person.mediatorId,
        (offer) => send("offer", mediation.Offer.toJSON(offer)),
        (error) => {
          // The browser reconnects after RETRY_MS and the service resends what is pending.
          send("problem", fromServiceError(error).body.error);
          end();
        },
      );
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        stop();
        out.end();
      };
      open.add(end);
      request.raw.once("close", end);
    }),
  );
}
