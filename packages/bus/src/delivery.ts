// One message of a durable consumer: decoded, handled in the publisher's trace, acknowledged;
// retried with back-off when the handler fails, and dead-lettered when it never will succeed.
import { AsyncResource } from "node:async_hooks";
import { decodeEvent, type Event, type EventKind, type EventOf, isEventOf } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import type { JsMsg } from "@nats-io/jetstream";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { BusMetrics, Outcome } from "./bus-metrics.js";
import { extractTrace } from "./trace-headers.js";

/** What a handler of `kind` receives: for one kind, the event with its payload narrowed to that kind. */
export type EventFor<K extends EventKind | "all"> = K extends EventKind ? EventOf<K> : Event;

export interface SubscribeOptions<K extends EventKind | "all" = EventKind | "all"> {
  /** Durable consumer name, unique within the service. */
  durable: string;
  /** One event kind, or every event in the namespace. */
  kind: K;
  handle(event: EventFor<K>, delivery: Delivery): Promise<void>;
  /** Attempts before a message is dead-lettered. */
  maxDeliver?: number;
  /** Wait before each redelivery; the last value repeats. */
  backoffMs?: number[];
  /**
   * For a consumer whose results nobody looks at right after acting (the statistics' counts for a
   * monthly report): whenever a message arrives with nothing else in hand, its batch waits up to
   * this long (or until 64 are in hand, or the consumer stops) before it is applied (batch.ts), so
   * that at a moderate rate many share one commit instead of one each; what they change shows that
   * much later. Not for a read model a page shows right after the change its user made (a work queue
   * the supervisor just acted on): the page would show it stale. 0 (the default): applied as soon as
   * they arrive.
   */
  lingerMs?: number;
}

/** How long a consumer of counts nobody waits on lets a batch gather (SubscribeOptions.lingerMs). */
export const COUNTS_LINGER_MS = 100;

export interface Delivery {
  attempt: number;
  subject: string;
  streamSequence: number;
  /**
   * Work outside the store that follows the handler's effects (scheduling timers in Redis, waking the
   * relay): it runs once they are committed (in a batch, after the batch's commit), before the
   * message is acknowledged, in the handler's trace, and never while the batch holds the store.
   * Not run if the handler fails. A work that fails is logged; the message is still acknowledged.
   */
  afterCommit(work: () => Promise<void> | void): void;
}

/** A consumer as `deliver` needs it: its options, and where its dead letters go. */
export interface Consumer<K extends EventKind | "all"> {
  options: SubscribeOptions<K>;
  maxDeliver: number;
  backoffMs: number[];
  log: Logger;
  metrics: BusMetrics;
  deadLetter(message: JsMsg, reason: string): Promise<void>;
}

const tracer = trace.getTracer("@mediation/bus");

const isFor = <K extends EventKind | "all">(event: Event, kind: K): event is EventFor<K> => kind === "all" || isEventOf(event, kind);

/** What to tell the server about a message, done once its effects are committed. */
export type Settle = () => Promise<void>;

/** Handles one message and acknowledges it (or retries or dead-letters it) at once. */
export async function deliver<K extends EventKind | "all">(message: JsMsg, consumer: Consumer<K>): Promise<void> {
  await (await handle(message, consumer))();
}

/**
 * Handles one message and returns how to settle it, without settling it: in a batch the
 * acknowledgements wait for the batch's commit (batch.ts). `unit` wraps the handler call, so that
 * a failing handler undoes only its own writes.
 */
export async function handle<K extends EventKind | "all">(
  message: JsMsg,
  consumer: Consumer<K>,
  unit: <R>(fn: () => Promise<R>) => Promise<R> = (fn) => fn(),
): Promise<Settle> {
  const { options, maxDeliver, backoffMs, log } = consumer;
  const attempt = message.info.deliveryCount;
  const started = performance.now();
  const done = (outcome: Outcome) =>
    consumer.metrics.processed(options.durable, message.subject, outcome, performance.now() - started, attempt);
  const deadLetter = (reason: string) => async () => {
    await consumer.deadLetter(message, reason);
    done("dead_letter");
  };
  let event: Event;
  try {
    event = decodeEvent(message.data);
  } catch (error) {
    // A message we cannot read will never get better: dead-letter it at once.
    return deadLetter((error as Error).message);
  }
  if (attempt > maxDeliver) return deadLetter(`gave up after ${maxDeliver} attempts`);
  if (!isFor(event, options.kind)) {
    // On a kind's subject but of another kind: not this handler's business.
    log.warn({ eventId: event.id, type: event.type, subject: message.subject }, "event of another kind on this subject; skipped");
    return async () => {
      message.ack();
      done("skipped");
    };
  }
  const parent = extractTrace(message.headers);
  const span = tracer.startSpan(`process ${event.type}`, { kind: SpanKind.CONSUMER }, parent);
  const works: Array<() => Promise<void> | void> = [];
  // Each work runs in the context it was handed over in (a resource of its own: AsyncResource.bind costs
  // far more, see packages/store/src/commit-queue.ts).
  const afterCommit = (work: () => Promise<void> | void) => {
    const scope = new AsyncResource("bus.afterCommit");
    works.push(() => scope.runInAsyncScope(work));
  };
  try {
    await context.with(trace.setSpan(parent, span), () =>
      unit(() => options.handle(event, { attempt, subject: message.subject, streamSequence: message.seq, afterCommit })),
    );
    return async () => {
      for (const work of works) {
        try {
          await work();
        } catch (error) {
          log.warn({ eventId: event.id, type: event.type, err: (error as Error).message }, "work after the commit failed");
        }
      }
      message.ack();
      done("ack");
    };
  } catch (error) {
    const reason = (error as Error).message;
    span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    if (attempt >= maxDeliver) return deadLetter(`attempt ${attempt} of ${maxDeliver} failed: ${reason}`);
    const delay = backoffMs[Math.min(attempt - 1, backoffMs.length - 1)] ?? 1_000;
    log.warn({ eventId: event.id, type: event.type, attempt, delayMs: delay, err: reason }, "handler failed; will retry");
    return async () => {
      message.nak(delay);
      done("retry");
    };
  } finally {
    span.end();
  }
}
