// Case timers in BullMQ (delayed jobs on Redis). Redis only holds them: the store is the source
// of truth, and every timer is derived from a case, so the sweep (docs/architecture.md#timers)
// puts back what Redis lost. Every call to Redis gives up after REDIS_TIMEOUT_MS.

import { captureTrace, inTrace, type Logger } from "@mediation/telemetry";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { SweepResult, TimerScheduler } from "../../application/ports.js";
import type { Timer } from "../../domain/timers.js";

const QUEUE = "case-timers";

const REDIS_TIMEOUT_MS = 2_000;
/** States in which a job with a timer's id must go before the timer can be added again. */
const DEAD = new Set(["failed", "completed"]);

type TimerJob = Timer & { trace: Record<string, string> };

export const jobIdOf = (t: Timer) => `${t.kind}-${t.caseId}-${new Date(t.key).getTime() || t.key}`;

/** Redis reachable or not, a call answers within `ms`: a hung call must not hold a committed request. */
function within<T>(what: string, work: Promise<T>, ms = REDIS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis: ${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class CaseTimers implements TimerScheduler {
  private readonly connection: Redis;
  private readonly queue: Queue<TimerJob>;
  private worker: Worker<TimerJob> | undefined;
  private workerRedis: Redis | undefined;
  /** Whether the queue's jobs are known to be filed in their cases' sets (fileOldJobs). */
  private filed = false;

  /** `prefix` keeps one deployment's (or one test's) keys apart from another's; `now` is the service's clock. */
  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    // BullMQ's workers block on Redis; they need ioredis to retry forever rather than give up.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));
    this.queue = new Queue<TimerJob>(QUEUE, { connection: this.connection, prefix });
  }

  /**
   * Adds each timer under its fixed id unless it is already waiting. A job under that id that failed
   * all its attempts (or completed) is removed first: it would block the add.
   */
  async schedule(timers: Timer[]): Promise<void> {
    await this.add(timers);
  }

  /**
   * Makes the queue hold exactly the timers `needed` loads: adds what is missing (or failed), removes
   * jobs no case needs. Only job ids are listed, and listed before the cases are read, so a timer
   * scheduled meanwhile stays; only the missing are looked at one by one.
   */
  async reconcile(needed: () => Promise<Timer[]>): Promise<SweepResult> {
    let mark = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = Math.round(now - mark);
      mark = now;
      return ms;
    };
    const [listed, failed] = await within(
      "list timers",
      Promise.all([this.queue.getRanges(["delayed", "waiting", "failed"], 0, -1, true), this.queue.getRanges(["failed"], 0, -1, true)]),
    );
    if (!this.filed) await this.fileOldJobs();
    const list = lap();
    const timers = await needed();
    const cases = lap();
    const present = new Set(listed);
    const dead = new Set(failed);
    const added = await this.add(timers.filter((t) => !present.has(jobIdOf(t)) || dead.has(jobIdOf(t))));
    const add = lap();
    const wanted = new Set(timers.map(jobIdOf));
    let removed = 0;
    for (const id of present) {
      if (!wanted.has(id)) {
        await within("remove a timer", this.queue.remove(id));
        removed++;
      }
    }
    return { needed: timers.length, added, removed, took: { list, cases, add, remove: lap() } };
  }

  private async add(timers: Timer[]): Promise<number> {
    if (!timers.length) return 0;
    const trace = captureTrace();
    const now = this.now().getTime();
    const missing: Timer[] = [];
    // The states are read together (one round trip), not one after another.
    const states = await within("read the timers", Promise.all(timers.map((t) => this.queue.getJobState(jobIdOf(t)))));
    for (const [i, t] of timers.entries()) {
      const state = states[i];
      if (state === "delayed" || state === "waiting" || state === "active" || state === "prioritized") continue;
      if (state !== undefined && DEAD.has(state)) await within("remove a dead timer", this.queue.remove(jobIdOf(t)));
      missing.push(t);
    }
    if (!missing.length) return 0;
    await this.remember(missing.map((t) => ({ caseId: t.caseId, id: jobIdOf(t) })));
    await within(
      "add timers",
      this.queue.addBulk(
        missing.map((t) => ({
          name: t.kind,
          data: { ...t, trace },
          opts: {
            jobId: jobIdOf(t),
            delay: Math.max(0, new Date(t.dueAt).getTime() - now),
            removeOnComplete: true,
            removeOnFail: 1000,
            attempts: 10,
            backoff: { type: "exponential", delay: 1000 },
          },
        })),
      ),
    );
    return missing.length;
  }

  /** The set of the job ids ever scheduled for a case: what cancel() removes, without scanning the queue. */
  private ofCase(caseId: string): string {
    return `${this.prefix}:${QUEUE}:of-case:${caseId}`;
  }

  /**
   * Removes the case's waiting timers, stale ones included (an earlier offer's expiry, the deadline
   * before an extension), from the case's set of job ids: the cost does not grow with the queue.
   */
  async cancel(caseId: string): Promise<void> {
    const ids = await within("list the case's timers", this.connection.smembers(this.ofCase(caseId)));
    // A running job cannot be removed; it finds the case closed and changes nothing.
    for (const id of ids) await within("remove a timer", this.queue.remove(id));
    await within("forget the case's timers", this.connection.del(this.ofCase(caseId)));
  }

  /**
   * Jobs scheduled by a release without the per-case sets get into them once per queue, not at every
   * start: a key in Redis says it was done (gone with the jobs, should Redis lose them).
   */
  private async fileOldJobs(): Promise<void> {
    const marker = `${this.prefix}:${QUEUE}:filed-by-case`;
    if (!(await within("read the filing mark", this.connection.exists(marker)))) {
      const jobs = await within("read timers", this.queue.getJobs(["delayed", "waiting", "failed"]));
      await this.remember(jobs.flatMap((job) => (job?.id && job.data?.caseId ? [{ caseId: job.data.caseId, id: job.id }] : [])));
      await within("mark the filing", this.connection.set(marker, new Date().toISOString()));
    }
    this.filed = true;
  }

  /** Records each timer's job id in its case's set, before the job exists: a crash between leaves an id with no job, which removes as nothing. */
  private async remember(jobs: Array<{ caseId: string; id: string }>): Promise<void> {
    if (!jobs.length) return;
    const pipeline = this.connection.pipeline();
    for (const { caseId, id } of jobs) pipeline.sadd(this.ofCase(caseId), id);
    await within("record the case's timers", pipeline.exec());
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
