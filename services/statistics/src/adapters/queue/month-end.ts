// The month-end freeze: a BullMQ job scheduler fires at 00:05 Asia/Shanghai on the 1st and
// publishes the month that just ended. Redis only holds the schedule; at start the service also
// publishes any ended month that a missed run left open.
import type { Logger } from "@mediation/telemetry";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

const QUEUE = "month-end";

export class MonthEndSchedule {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerRedis: Redis | undefined;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.connection.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix });
  }

  async start(freeze: () => Promise<void>): Promise<void> {
    await this.queue.upsertJobScheduler(
      "freeze-previous-month",
      { pattern: "5 0 1 * *", tz: "Asia/Shanghai" },
      { name: "freeze", opts: { attempts: 10, backoff: { type: "exponential", delay: 60_000 } } },
    );
    this.workerRedis = this.connection.duplicate();
    this.worker = new Worker(QUEUE, () => freeze(), { connection: this.workerRedis, prefix: this.prefix });
    this.worker.on("failed", (_job, error) => this.logger.error({ err: error.message }, "month-end freeze failed; BullMQ retries it"));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
    // BullMQ leaves a connection it was given open: the worker's own is closed here.
    this.workerRedis?.disconnect();
  }
}
