// The NATS JetStream bus (docs/architecture.md#consumers): events are published with `Nats-Msg-Id` = event id so the
// stream drops duplicates; consumers are durable pull consumers with explicit ack, bounded
// redelivery with back-off, and a dead-letter subject for what cannot be handled.
import { type Event, type EventKind, type EventOf, encodeEvent, MalformedEvent, subjectOf } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg, jetstream } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BATCH_MAX, consumeInBatches, type GroupingStore } from "./batch.js";
import { type BusMetrics, busMetrics } from "./bus-metrics.js";
import { type NatsSettings, openJetStream } from "./connection.js";
import { type ConsumerLag, readConsumerLag } from "./consumer-lag.js";
import { type Consumer, deliver, type SubscribeOptions } from "./delivery.js";
import { handleFollowed } from "./follow.js";
import { type StreamNames, streamNames } from "./streams.js";
import { injectTrace } from "./trace-headers.js";

export interface BusOptions extends NatsSettings {
  namespace: string;
  /** The service using the bus: names its consumers and dead letters. */
  service: string;
  logger: Logger;
  /** Ends a connection attempt still under way, e.g. when the service is asked to stop during start. */
  signal?: AbortSignal;
  /**
   * The service's store: with it, durable consumers apply what has arrived in batches, one commit
   * each (batch.ts); without it, one message at a time.
   */
  store?: GroupingStore;
}

export interface Subscription {
  /** Stops taking messages and waits for the one in hand to finish. */
  stop(): Promise<void>;
}

const tracer = trace.getTracer("@mediation/bus");
// A pull lasts this long, with heartbeats every half of it: a pull lost with a NATS node (its
// consumer's leader moved) is noticed after two missed heartbeats, not after the 30 s default.
const PULL_EXPIRES_MS = 5_000;

export class EventBus {
  readonly streams: StreamNames;
  private readonly metrics: BusMetrics;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: BusOptions,
  ) {
    this.streams = streamNames(options.namespace);
    this.metrics = busMetrics(jsm, this.streams.events);
  }

  /** A round trip to the NATS server, for readiness; rejects when it does not answer in `timeoutMs`. */
  async ping(timeoutMs: number): Promise<void> {
    if (this.nc.isClosed()) throw new Error("the NATS connection is closed");
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`NATS did not answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.nc.rtt(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  static async connect(options: BusOptions): Promise<EventBus> {
    const { nc, jsm } = await openJetStream(options, options.service, streamNames(options.namespace), options.signal);
    return new EventBus(nc, jetstream(nc), jsm, options);
  }

  async publish(event: Event): Promise<void> {
    const kind = event.payload?.$case;
    if (!kind) throw new MalformedEvent(`event ${event.id} has no payload`);
    const subject = subjectOf(this.options.namespace, kind);
    const span = tracer.startSpan(`publish ${event.type}`, {
      kind: SpanKind.PRODUCER,
      attributes: { "messaging.destination.name": subject },
    });
    try {
      const h = headers();
      h.set("Mediation-Event-Type", event.type);
      h.set("Mediation-Correlation-Id", event.correlationId);
      injectTrace(h, trace.setSpan(context.active(), span));
      await this.js.publish(subject, encodeEvent(event), { msgID: event.id, headers: h });
      this.metrics.published(subject);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  async subscribe<K extends EventKind | "all">(options: SubscribeOptions<K>): Promise<Subscription> {
    const maxDeliver = options.maxDeliver ?? 5;
    const backoffMs = options.backoffMs ?? [1_000, 5_000, 15_000, 30_000];
    const filter = options.kind === "all" ? this.streams.eventSubjects : subjectOf(this.options.namespace, options.kind);
    await this.jsm.consumers.add(this.streams.events, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      // One more than we use, so that the last attempt still reaches our dead-letter step.
      max_deliver: maxDeliver + 1,
      ack_wait: 30 * 1_000_000_000,
    });
    const consumer = await this.js.consumers.get(this.streams.events, options.durable);
    const messages = await consumer.consume({ max_messages: 2 * BATCH_MAX, expires: PULL_EXPIRES_MS });
    const log = this.options.logger.child({ consumer: options.durable });
    this.metrics.watch(options.durable);
    const handling: Consumer<K> = {
      options,
      maxDeliver,
      backoffMs,
      log,
      metrics: this.metrics,
      deadLetter: (message, reason) => this.deadLetter(message, options.durable, reason, log),
    };
    const store = this.options.store;
    const done = store
      ? consumeInBatches(messages, handling, store)
      : (async () => {
          for await (const message of messages) await deliver(message, handling);
        })();

    return {
      stop: async () => {
        await messages.close();
        await done;
      },
    };
  }

  private async deadLetter(message: JsMsg, durable: string, reason: string, log: Logger): Promise<void> {
    const h = headers();
    h.set("Mediation-Dead-Letter-Reason", reason.slice(0, 1000));
    h.set("Mediation-Original-Subject", message.subject);
    h.set("Mediation-Original-Sequence", String(message.seq));
    const subject = this.streams.deadLetterSubject(this.options.service, durable);
    try {
      await this.js.publish(subject, message.data, { headers: h, msgID: `${this.streams.events}:${message.seq}:${durable}` });
      log.error({ subject: message.subject, sequence: message.seq, reason }, "message dead-lettered");
      message.term(reason);
      this.metrics.deadLettered(durable);
    } catch (error) {
      // Could not store the dead letter: leave the message for redelivery rather than lose it.
      log.error({ err: (error as Error).message, sequence: message.seq }, "dead-letter publish failed");
      message.nak(5_000);
    }
  }

  /**
   * Follows new events of one kind as they arrive, in this process only: an ordered consumer that
   * stores and acknowledges nothing. For live views (every replica sees every event); durable work
   * belongs in subscribe(). Handlers run side by side, not one after another (follow.ts).
   */
  async follow<K extends EventKind>(kind: K, onEvent: (event: EventOf<K>) => Promise<void>): Promise<Subscription> {
    const consumer = await this.js.consumers.get(this.streams.events, {
      filter_subjects: subjectOf(this.options.namespace, kind),
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume({ expires: PULL_EXPIRES_MS });
    const done = handleFollowed(messages, kind, onEvent, this.options.logger.child({ follow: kind }));
    return {
      stop: async () => {
        await messages.close();
        await done;
      },
    };
  }

  /**
   * Reads the whole event history, oldest first, up to what the stream held when called (an ordered
   * consumer: nothing is acknowledged or changed), and hands over the messages' bytes, undecoded, in
   * batches of up to `size`, waiting for each to be taken. Returns how many messages were read.
   */
  async replay(onBatch: (messages: Uint8Array[]) => Promise<void>, size = 2048): Promise<number> {
    const info = await this.jsm.streams.info(this.streams.events);
    if (info.state.messages === 0) return 0;
    const last = info.state.last_seq;
    const consumer = await this.js.consumers.get(this.streams.events);
    // Large pulls: a replay reads as fast as it can, so fewer pull requests are less work for both ends.
    const messages = await consumer.consume({ max_messages: size });
    let read = 0;
    let batch: Uint8Array[] = [];
    try {
      for await (const message of messages) {
        batch.push(message.data);
        read++;
        if (batch.length >= size) {
          await onBatch(batch);
          batch = [];
        }
        if (message.seq >= last) break;
      }
      if (batch.length) await onBatch(batch);
    } finally {
      await messages.close();
    }
    return read;
  }

  /** Stops new messages and flushes what is in flight, then closes the connection. */
  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /** How far a durable consumer is behind the events stream (consumer-lag.ts). */
  consumerLag(durable: string): Promise<ConsumerLag> {
    return readConsumerLag(this.jsm, this.streams.events, durable);
  }

  /** For tests and operators: the JetStream manager of this connection. */
  get manager(): JetStreamManager {
    return this.jsm;
  }
}
