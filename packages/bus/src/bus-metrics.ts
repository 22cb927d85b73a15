// The bus's metrics (OTel messaging semantic conventions): messages published and processed, how
// long handling took, redeliveries and dead letters per durable consumer, and from JetStream's
// consumer info the messages each durable consumer has still to take (pending) and to acknowledge
// (ack pending). Labels are the subject, the consumer's name and the outcome: all bounded.
import { LATENCY_BUCKETS_MS, meter } from "@mediation/telemetry";
import type { JetStreamManager } from "@nats-io/jetstream";

export type Outcome = "ack" | "retry" | "dead_letter" | "skipped";

export interface BusMetrics {
  published(subject: string): void;
  processed(consumer: string, subject: string, outcome: Outcome, ms: number, attempt: number): void;
  deadLettered(consumer: string): void;
  /** A durable consumer this process reads; its pending counts are observed. */
  watch(durable: string): void;
}

/**
 * Pending counts come from the stream's consumer list, so that a consumer whose own service is down
 * is still seen by the others; where the NATS account may only read its own consumers (deploy/nats),
 * from each of this process's consumers in turn.
 */
export function busMetrics(jsm: JetStreamManager, stream: string): BusMetrics {
  const m = meter("@mediation/bus");
  const system = { "messaging.system": "nats" };
  const publish = m.createCounter("messaging.publish.messages", { unit: "{message}", description: "Events published" });
  const process = m.createCounter("messaging.process.messages", { unit: "{message}", description: "Events handled, by outcome" });
  const duration = m.createHistogram("messaging.process.duration", {
    unit: "ms",
    description: "Time to handle one event",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_MS },
  });
  const redeliveries = m.createCounter("messaging.process.redeliveries", { unit: "{message}", description: "Events delivered again" });
  const deadLetters = m.createCounter("messaging.process.dead_letters", { unit: "{message}", description: "Events dead-lettered" });
  const pending = m.createObservableGauge("messaging.consumer.pending", {
    unit: "{message}",
    description: "Events a durable consumer has not yet taken",
  });
  const ackPending = m.createObservableGauge("messaging.consumer.ack_pending", {
    unit: "{message}",
    description: "Events taken by a durable consumer and not yet acknowledged",
  });
  const own = new Set<string>();
  let listAllowed = true;

  const consumerInfos = async () => {
    if (listAllowed) {
      try {
        return (await jsm.consumers.list(stream).next()).filter((info) => info.config.durable_name);
      } catch {
        listAllowed = false;
      }
    }
    const infos = await Promise.all([...own].map((durable) => jsm.consumers.info(stream, durable).catch(() => undefined)));
    return infos.filter((info) => info !== undefined);
  };
  m.addBatchObservableCallback(
    async (observer) => {
      for (const info of await consumerInfos().catch(() => [])) {
        const attributes = { ...system, "messaging.consumer.group.name": info.name };
        observer.observe(pending, info.num_pending, attributes);
        observer.observe(ackPending, info.num_ack_pending, attributes);
      }
    },
    [pending, ackPending],
  );

  return {
    published: (subject) => publish.add(1, { ...system, "messaging.destination.name": subject }),
    processed: (consumer, subject, outcome, ms, attempt) => {
      const attributes = { ...system, "messaging.consumer.group.name": consumer, "messaging.destination.name": subject };
      process.add(1, { ...attributes, outcome });
      duration.record(ms, attributes);
      if (attempt > 1) redeliveries.add(1, attributes);
    },
    deadLettered: (consumer) => deadLetters.add(1, { ...system, "messaging.consumer.group.name": consumer }),
    watch: (durable) => {
      own.add(durable);
      // Zero from the start, so that an alert on any increase sees the first one.
      deadLetters.add(0, { ...system, "messaging.consumer.group.name": durable });
    },
  };
}
