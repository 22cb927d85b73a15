// What a service sees of its BullMQ queue on Redis: a PING that fails fast when Redis is away (for
// readiness), and the jobs waiting, delayed and failed (for metrics). Its own connections, so that
// neither waits behind the workers' blocking commands.
import { Queue } from "bullmq";
import { Redis } from "ioredis";

export interface JobCounts {
  waiting: number;
  delayed: number;
  failed: number;
}

export class QueueWatch {
  private readonly probe: Redis;
  private readonly queue: Queue;
  private readonly connection: Redis;

  constructor(redisUrl: string, prefix: string, queueName: string) {
    // No offline queue: while Redis is away, a PING fails at once instead of waiting for it.
    this.probe = new Redis(redisUrl, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: false });
    this.probe.on("error", () => undefined);
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.connection.on("error", () => undefined);
    this.queue = new Queue(queueName, { connection: this.connection, prefix });
  }

  async ping(): Promise<void> {
    const answer = await this.probe.ping();
    if (answer !== "PONG") throw new Error(`redis answered ${answer} to PING`);
  }

  /** Counts only while Redis answers; otherwise rejects at once. */
  async counts(): Promise<JobCounts> {
    await this.ping();
    const counts = await this.queue.getJobCounts("waiting", "delayed", "failed");
    return { waiting: counts.waiting ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
    this.probe.disconnect();
  }
}
