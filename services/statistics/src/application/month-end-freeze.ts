// The month-end freeze (at start and at the 00:05 job): waits until the statistics consumer has
// counted what the stream held after the last month ended, then publishes every ended month still open.
import { setImmediate } from "node:timers/promises";
import { shanghaiMonth, shiftMonth } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { freezeDecision, type LagReading } from "../domain/freeze-readiness.js";
import { publishMonth, unpublishedMonths } from "./publish-month.js";

export interface FreezeWaiting {
  /** The last ended month, whose end the consumer has not yet been seen past. */
  month: string;
  reason: string;
  since: Date;
  attempts: number;
}

export interface MonthEndFreezeOptions {
  store: DocumentStore;
  /** Reads the statistics consumer's lag (the stream first, then the consumer). */
  lag: () => Promise<Omit<LagReading, "readAt">>;
  now: () => Date;
  eventsStored: () => void;
  logger: Logger;
  /** Pause between two readings while the consumer is behind. */
  retryMs: number;
  signal: AbortSignal;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

export class MonthEndFreeze {
  /** Set while a freeze waits for the consumer: what a metric or a health check can read. */
  waiting: FreezeWaiting | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: MonthEndFreezeOptions) {}

  /** One freeze at a time: a second call while one runs waits for the same run. */
  run(): Promise<void> {
    this.running ??= this.freeze().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async freeze(): Promise<void> {
    const { store, lag, now, eventsStored, logger, retryMs, signal } = this.options;
    const month = shiftMonth(shanghaiMonth(now()), -1);
    for (let attempts = 1; ; attempts++) {
      if (signal.aborted) return;
      const readAt = now();
      const decision = freezeDecision(month, { ...(await lag()), readAt });
      if (decision.ready) break;
      this.waiting = { month, reason: decision.reason, since: this.waiting?.since ?? readAt, attempts };
      logger.info({ month, reason: decision.reason, attempts, retryMs }, "month-end freeze waits for the statistics consumer");
      await pause(retryMs, signal);
    }
    this.waiting = undefined;
    for (const ended of await unpublishedMonths(store, shanghaiMonth(now()))) {
      const result = await publishMonth(store, ended, now(), eventsStored);
      logger.info({ month: ended, contentHash: result.contentHash }, "monthly report published");
      // The store answers at once, so without this a long catch-up would never let the event loop
      // take a connection or a request until every month was published.
      await setImmediate();
    }
  }
}
