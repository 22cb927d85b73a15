// The outbox relay: publishes pending outbox rows with Nats-Msg-Id and marks them sent. A crash
// between publish and mark re-publishes, and JetStream drops the duplicate.
import { type Event, eventFromStored } from "@mediation/contracts";
import { type Collection, type Collections, VersionConflict } from "@mediation/store";
import { inTrace, type Logger, meter } from "@mediation/telemetry";
import type { EventBus } from "./event-bus.js";
import { OUTBOX, type OutboxRow } from "./outbox.js";

export interface RelayOptions {
  /** How often to look for pending rows when nobody calls `wake()`. */
  pollMs?: number;
  batchSize?: number;
  /** How long sent rows are kept (for inspection) before the relay removes them; default 7 days. */
  keepSentMs?: number;
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
  private readonly keepSentMs: number;
  private readonly onPublished: (event: Event) => void;
  private lastPrune = 0;

  constructor(
    store: Collections,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: RelayOptions = {},
  ) {
    this.rows = store.collection(OUTBOX);
    this.pollMs = options.pollMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    this.keepSentMs = options.keepSentMs ?? 7 * 86_400_000;
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
    this.wakeUp?.();
  }

  /** Publishes what is pending now; returns how many went out. */
  async relayPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      const pending = await this.rows.find({ where: { status: "PENDING" }, sort: { field: "id" }, limit: this.batchSize });
      for (const row of pending) {
        const event = eventFromStored(row.event);
        await inTrace(row.trace, () => this.bus.publish(event));
        this.onPublished(event);
        try {
          await this.rows.put(row.id, { ...row, status: "SENT", sentAt: new Date().toISOString() }, row.version);
        } catch (error) {
          // Another relay marked it first; the stream dropped our duplicate. Anything else fails the pass.
          if (!(error instanceof VersionConflict)) throw error;
        }
        sent++;
      }
      if (pending.length < this.batchSize) return sent;
    }
  }

  /** Removes sent rows older than the retention, so the outbox does not grow without bound. */
  async pruneSent(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.keepSentMs).toISOString();
    let removed = 0;
    for (const row of await this.rows.find({ where: { status: "SENT" }, range: { field: "sentAt", lt: before }, limit: 1000 })) {
      if (await this.rows.delete(row.id, row.version)) removed++;
    }
    return removed;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.relayPending();
        if (Date.now() - this.lastPrune > 3_600_000) {
          this.lastPrune = Date.now();
          await this.pruneSent();
        }
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.error({ err: (error as Error).message, failures }, "outbox relay failed; retrying");
      }
      if (!this.running) break;
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
