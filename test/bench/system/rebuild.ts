// RebuildReadModel over a history larger than the run's own: the run's events copied (fresh event
// ids, same payloads) into a stream of their own namespace, up to `events`; each round of copies
// after the first renames its disputes and cases, so that the history holds as many disputes as a
// real one of its size (not the run's disputes with ever longer records). A statistics instance of
// that namespace counts them live first, so the rebuild then runs alone, as an operator's would.

import { EventBus, streamNames } from "@mediation/bus";
import { CentreClients, developmentSigner } from "@mediation/cli";
import { decodeEvent, type Event, newEvent, type statistics } from "@mediation/contracts";
import { call, withToken } from "@mediation/grpc-kit";
import { createLogger } from "@mediation/telemetry";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { type Centre, NATS_URL } from "./centre.js";
import { onCleanup } from "./cleanup.js";

export interface Rebuild {
  events: number;
  seconds: number;
  perSecond: number;
  /** Of `seconds`, the service's own replay of the history and its comparison after it (the rest: the call). */
  replaySeconds: number;
  compareSeconds: number;
  /** Live counting of the same events by the instance's durable consumer, from its start. */
  liveCount: { seconds: number; perSecond: number };
}

async function eventsOf(namespace: string): Promise<Event[]> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const stream = streamNames(namespace).events;
    const last = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
    const messages = await (await jetstream(nc).consumers.get(stream)).consume();
    const events: Event[] = [];
    for await (const message of messages) {
      events.push(decodeEvent(message.data));
      if (message.seq >= last) break;
    }
    await messages.close();
    return events;
  } finally {
    await nc.close();
  }
}

const ID_FIELDS = new Set(["disputeId", "caseId"]);

/** The payload with the disputes and cases it names renamed for the given round of copies (round 0: as it was). */
function renamed(payload: NonNullable<Event["payload"]>, round: number): NonNullable<Event["payload"]> {
  if (round === 0) return payload;
  const value: Record<string, unknown> = { ...payload.value };
  for (const [field, id] of Object.entries(value)) {
    if (ID_FIELDS.has(field) && typeof id === "string" && id) value[field] = `${id}~${round}`;
    if (field === "relatedDisputeIds" && Array.isArray(id)) value[field] = id.map((d) => `${d}~${round}`);
  }
  return { ...payload, value } as unknown as NonNullable<Event["payload"]>;
}

export async function rebuildOverHistory(centre: Centre, events: number, say: (line: string) => void): Promise<Rebuild> {
  const templates = await eventsOf(centre.namespace);
  const namespace = `${centre.namespace}_rebuild`;
  const bus = await EventBus.connect({ url: NATS_URL, namespace, service: "bench", logger: createLogger("bench", "silent") });
  const streams = streamNames(namespace);
  onCleanup("the rebuild's connection", () => bus.close());
  onCleanup(`streams of ${namespace}`, async () => {
    for (const stream of [streams.events, streams.deadLetter]) await bus.manager.streams.delete(stream).catch(() => undefined);
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < events) {
        const round = Math.floor(next / templates.length);
        const e = templates[next++ % templates.length] as Event;
        if (!e.payload) continue;
        await bus.publish(
          newEvent(renamed(e.payload, round), { correlationId: e.correlationId, causationId: e.causationId }, e.occurredAt),
        );
      }
    }),
  );
  const stored = (await bus.manager.streams.info(streams.events)).state.messages;
  say(`  ${stored} events (copies of the run's ${templates.length}) in ${streams.events}; statistics counts them live first...`);
  const began = performance.now();
  const statistics = await centre.startOther("statistics", namespace);
  for (;;) {
    const consumers = [];
    for await (const c of bus.manager.consumers.list(streams.events)) consumers.push(c);
    if (consumers.length && consumers.every((c) => c.num_pending === 0 && c.num_ack_pending === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const liveSeconds = (performance.now() - began) / 1000;
  const clients = new CentreClients({ ...centre.addresses, statistics: statistics.address }, developmentSigner(centre.authSecret));
  try {
    const t = performance.now();
    // The command's client gives a rebuild two minutes; a large history may need more.
    const token = await developmentSigner(centre.authSecret)("rebuildReadModel", {}, "statistics");
    const result = (await call(
      clients.statistics.rebuildReadModel as never,
      clients.statistics,
      {},
      30 * 60_000,
      withToken(token),
    )) as statistics.RebuildReadModelResponse;
    const seconds = (performance.now() - t) / 1000;
    if (result.differences.length) say(`  the rebuild differs from the live counts in ${result.differences.length} figures`);
    return {
      events: result.eventsReplayed,
      seconds,
      perSecond: result.eventsReplayed / seconds,
      replaySeconds: result.replayMs / 1000,
      compareSeconds: result.compareMs / 1000,
      liveCount: { seconds: liveSeconds, perSecond: stored / liveSeconds },
    };
  } finally {
    clients.close();
    await statistics.stop();
  }
}
