// Case timers in BullMQ (delayed jobs on Redis). Redis only holds them: the store is the source
// of truth, and every timer is derived from a case, so a lost timer is scheduled again at start.

import { captureTrace, inTrace, type Logger } from "@mediation/telemetry";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { TimerScheduler } from "../../application/ports.js";
import type { Timer } from "../../domain/timers.js";

const QUEUE = "case-timers";

type TimerJob = Timer & { trace: Record<string, string> };

export class CaseTimers implements TimerScheduler {
  private readonly connection: Redis;
  private readonly queue: Queue<TimerJob>;
  private worker: Worker<TimerJob> | undefined;
  private workerRedis: Redis | undefined;

  /** `prefix` keeps one deployment's (or one test's) keys apart from another's. */
  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // BullMQ's workers block on Redis; they need ioredis to retry forever rather than give up.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));
    this.queue = new Queue<TimerJob>(QUEUE, { connection: this.connection, prefix });
  }

  async schedule(timers: Timer[]): Promise<void> {
    if (!timers.length) return;
    const trace = captureTrace();
    const now = Date.now();
    await this.queue.addBulk(
      timers.map((t) => ({
        name: t.kind,
        data: { ...t, trace },
        opts: {
          // One job per timer: scheduling the same timer again (at start, after a retry) is a no-op.
          jobId: `${t.kind}-${t.caseId}-${new Date(t.key).getTime() || t.key}`,
          delay: Math.max(0, new Date(t.dueAt).getTime() - now),
          removeOnComplete: true,
          removeOnFail: 1000,
          attempts: 10,
          backoff: { type: "exponential", delay: 1000 },
        },
      })),
    );
  }

  /**
   * Removes the case's waiting timers, stale ones included (an earlier offer's expiry, the deadline
   * before an extension). Job ids name the case, so one SCAN of this queue's keys finds them all.
   */
  async cancel(caseId: string): Promise<void> {
    const queueKey = `${this.prefix}:${QUEUE}:`;
    const ids = new Set<string>();
    let cursor = "0";
    do {
      const [next, keys] = await this.connection.scan(cursor, "MATCH", `${queueKey}*-${caseId}-*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) ids.add(key.slice(queueKey.length).split(":")[0] as string);
    } while (cursor !== "0");
    // A running job cannot be removed; it finds the case closed and changes nothing.
    for (const id of ids) await this.queue.remove(id);
  }

  start(fire: (timer: Timer) => Promise<void>): void {
    this.workerRedis = this.connection.duplicate();
    this.worker = new Worker<TimerJob>(
      QUEUE,
      async (job) => {
        const { trace, ...timer } = job.data;
        await inTrace(trace, () => fire(timer));
      },
      { connection: this.workerRedis, prefix: this.prefix, concurrency: 4 },
    );
    this.worker.on("failed", (job, error) =>
      this.logger.error({ timer: job?.name, caseId: job?.data.caseId, err: error.message }, "timer failed; BullMQ retries it"),
    );
  }

  /** Stops taking timers, lets the running ones finish, and closes the connections. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
    // BullMQ leaves a connection it was given open: the worker's own is closed here.
    this.workerRedis?.disconnect();
  }
}
