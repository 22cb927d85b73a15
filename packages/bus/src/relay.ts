// The outbox relay: publishes a batch of pending outbox rows at once (Nats-Msg-Id = event id) and
// marks them sent in one transaction. A crash between publish and mark re-publishes, and JetStream
// drops the duplicate. It also prunes what would otherwise grow for ever (housekeeping.ts).
import { type Event, eventFromStored } from "@mediation/contracts";
import { type Collection, type DocumentStore, VersionConflict } from "@mediation/store";
import { inTrace, type Logger, meter } from "@mediation/telemetry";
import type { EventBus } from "./event-bus.js";
import { Housekeeping, type HousekeepingOptions } from "./housekeeping.js";
import { OUTBOX, type OutboxRow } from "./outbox.js";

export interface RelayOptions extends HousekeepingOptions {
  /** How often to look for pending rows when nobody calls `wake()`. */
  pollMs?: number;
  batchSize?: number;
  /** Told of each event once it is published: where a service counts its domain metrics. */
  onPublished?: (event: Event) => void;
}

export class OutboxRelay {
  private readonly rows: Collection<OutboxRow>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly onPublished: (event: Event) => void;
  private readonly housekeeping: Housekeeping;
  /** Set by wake(): more rows may have been committed since the last look. */
  private dirty = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: RelayOptions = {},
  ) {
    this.rows = store.collection(OUTBOX);
    this.pollMs = options.pollMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    this.housekeeping = new Housekeeping(store, options);
    this.onPublished = options.onPublished ?? (() => undefined);
    this.observe();
  }

  /** mediation.outbox.waiting and the age of the oldest waiting row, read from the store at each scrape. */
  private observe(): void {
    const m = meter("@mediation/bus");
    const waiting = m.createObservableGauge("mediation.outbox.waiting", {
      unit: "{event}",
      description: "Events stored and not yet published",
    });
    const oldest = m.createObservableGauge("mediation.outbox.oldest_age", {
      unit: "s",
      description: "Age of the oldest unpublished event",
    });
    m.addBatchObservableCallback(
      async (observer) => {
        const pending = { where: { status: "PENDING" } };
        const [count, [first]] = await Promise.all([
          this.rows.count(pending),
          this.rows.find({ ...pending, sort: { field: "id" }, limit: 1 }),
        ]);
        observer.observe(waiting, count);
        observer.observe(oldest, first ? Math.max(0, (Date.now() - Date.parse(first.storedAt)) / 1000) : 0);
      },
      [waiting, oldest],
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Call after a commit that added events, so they go out without waiting for the poll. */
  wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  /** Publishes what is pending now; returns how many went out. */
  async relayPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      this.dirty = false;
      const pending = await this.rows.find({ where: { status: "PENDING" }, sort: { field: "id" }, limit: this.batchSize });
      if (pending.length === 0) return sent;
      // All at once: the client sends them in this order and JetStream keeps it; the acks come back together.
      const events = pending.map((row) => eventFromStored(row.event));
      const results = await Promise.allSettled(pending.map((row, i) => inTrace(row.trace, () => this.bus.publish(events[i] as Event))));
      const published = pending.filter((_, i) => results[i]?.status === "fulfilled");
      const sentAt = new Date().toISOString();
      await this.store.transaction(
        async (tx) => {
          const rows = tx.collection(OUTBOX);
          for (const { id, version, ...row } of published) {
            try {
              await rows.put(id, { ...row, status: "SENT", sentAt }, version);
            } catch (error) {
              // Another relay marked it first; the stream dropped our duplicate. Anything else fails the pass.
              if (!(error instanceof VersionConflict)) throw error;
            }
          }
          // Not forced to disk: a mark lost with the machine means the rows go out again, and are dropped as duplicates.
        },
        { durable: false },
      );
      for (const [i, result] of results.entries()) if (result.status === "fulfilled") this.onPublished(events[i] as Event);
      sent += published.length;
      const failed = results.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
      if (pending.length < this.batchSize && !this.dirty) return sent;
    }
  }

  /** Removes sent rows older than their retention, in batches (housekeeping.ts). */
  pruneSent(now: Date = new Date()): Promise<number> {
    return this.housekeeping.pruneSent(now);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.relayPending();
        await this.housekeeping.whenDue();
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.error({ err: (error as Error).message, failures }, "outbox relay failed; retrying");
      }
      if (!this.running) break;
      // Woken while it was sending: look again at once rather than after a poll interval.
      if (this.dirty && !failures) continue;
      const wait = failures ? Math.min(30_000, this.pollMs * 2 ** failures) : this.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** Stops after the current pass, having tried once more to send what is pending. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.relayPending().catch((error: Error) =>
      this.logger.warn({ err: error.message }, "pending events stay in the outbox for the next start"),
    );
  }
}
