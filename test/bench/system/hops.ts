// Where a paced dispute's time goes, stage by stage: read back from the run's own events, when the
// service that made each event made it (its occurredAt) and when the broker stored it (the message's
// timestamp), against the moment the client began the dispute's SubmitDispute call. One machine, one
// clock: the client, the services and nats-server read the same one. A stage whose p99 rises far
// above the stage before it is where the slow disputes waited.
import { streamNames } from "@mediation/bus";
import { decodeEvent } from "@mediation/contracts";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { NATS_URL } from "./centre.js";
import { quantile, type Timed } from "./drive.js";

/** The stages, in the order a dispute passes them (one who takes the next step sees the one before). */
export const STAGES = [
  "intake answered the call",
  "dispute.submitted stored by the broker",
  "routing decided (dispute.routed made)",
  "dispute.routed stored by the broker",
  "mediation offered (offer.made made)",
  "the offer seen on the mediator's stream",
] as const;

/** Per stage, ms after the call began: p50 and p99 of all the phase's disputes, and the median of its slowest 1 %. */
export interface Stage {
  stage: (typeof STAGES)[number];
  p50: number;
  p99: number;
  slowest: number;
  /** Disputes whose event for this stage was not found (its event missing from the stream read). */
  missing: number;
}

interface Stamps {
  submittedStored?: number;
  routedMade?: number;
  routedStored?: number;
  offerMade?: number;
}

/** The stamps of every dispute with an event stored since `sinceEpochMs`, by dispute id. */
async function stampsSince(namespace: string, sinceEpochMs: number): Promise<Map<string, Stamps>> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const stream = streamNames(namespace).events;
    const { state } = await (await jetstreamManager(nc)).streams.info(stream);
    const stamps = new Map<string, Stamps>();
    // Nothing stored since then (every submission failed, say): a consumer from that time would wait forever.
    if (state.messages === 0 || Date.parse(state.last_ts) < sinceEpochMs) return stamps;
    const last = state.last_seq;
    const consumer = await jetstream(nc).consumers.get(stream, {
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(sinceEpochMs).toISOString(),
    });
    const messages = await consumer.consume();
    for await (const message of messages) {
      const event = decodeEvent(message.data);
      const stored = Number(message.info.timestampNanos) / 1e6;
      const made = event.occurredAt?.getTime();
      const of = stamps.get(event.correlationId) ?? {};
      stamps.set(event.correlationId, of);
      const kind = event.payload?.$case;
      if (kind === "disputeSubmitted") of.submittedStored ??= stored;
      if (kind === "disputeRouted") {
        of.routedMade ??= made;
        of.routedStored ??= stored;
      }
      if (kind === "offerMade") of.offerMade ??= made;
      if (message.seq >= last) break;
    }
    await messages.close();
    return stamps;
  } finally {
    await nc.close();
  }
}

/** The stages of the disputes submitted since `sinceEpochMs`; `slowest` are the phase's slowest 1 %. */
export async function stagesOf(namespace: string, sinceEpochMs: number, timed: Timed[], slowest: Timed[]): Promise<Stage[]> {
  const stamps = await stampsSince(namespace, sinceEpochMs);
  const at = (d: Timed): Array<number | undefined> => {
    const s = stamps.get(d.disputeId) ?? {};
    const after = (epoch: number | undefined) => (epoch === undefined ? undefined : epoch - d.startedEpoch);
    return [d.callMs, after(s.submittedStored), after(s.routedMade), after(s.routedStored), after(s.offerMade), d.ms];
  };
  const all = timed.map(at);
  const slow = slowest.map(at);
  return STAGES.map((stage, i) => {
    const values = (rows: Array<Array<number | undefined>>) =>
      rows.flatMap((row) => (row[i] === undefined ? [] : [row[i] as number])).sort((a, b) => a - b);
    const sorted = values(all);
    return {
      stage,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      slowest: quantile(values(slow), 0.5),
      missing: all.length - sorted.length,
    };
  });
}
