// Case timers in BullMQ (delayed jobs on Redis). Redis only holds them: the store is the source
// of truth, and every timer is derived from a case, so the sweep (docs/architecture.md#timers)
// puts back what Redis lost. Every call to Redis gives up after a timeout (timer-jobs.ts).

import { captureTrace, inTrace, type Logger } from "@mediation/telemetry";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { SweepResult, TimerReads, TimerScheduler } from "../../application/ports.js";
import type { Timer } from "../../domain/timers.js";
import { redisTooOld } from "./job-states.js";
import { QUEUE, type TimerJob, TimerJobs, within } from "./timer-jobs.js";
import { TimerSweep } from "./timer-sweep.js";

export { jobIdOf } from "./timer-jobs.js";

/** A call to schedule() waiting for its turn's add. */
interface Gathered {
  timers: TimerJob[];
  resolve(): void;
  reject(error: Error): void;
}

export class CaseTimers implements TimerScheduler {
  private readonly connection: Redis;
  private readonly queue: Queue<TimerJob>;
  private readonly jobs: TimerJobs;
  private readonly sweeper: TimerSweep;
  private worker: Worker<TimerJob> | undefined;
  private workerRedis: Redis | undefined;
  /**
   * Cases whose schedule or cancel failed since the last sweep: the next one looks at them. Kept in
   * memory only; a restarted service starts with a full sweep, which looks at every case.
   */
  private readonly doubtful = new Set<string>();
  /** The calls to schedule() in this turn of the event loop, each timer with its caller's trace: added together. */
  private gathering: Gathered[] | undefined;
  /** The last gathering's add; it never fails (its callers are told). */
  private added: Promise<void> = Promise.resolve();

  /** `prefix` keeps one deployment's (or one test's) keys apart from another's; `now` is the service's clock. */
  constructor(
    redisUrl: string,
    prefix: string,
    private readonly logger: Logger,
    now: () => Date = () => new Date(),
  ) {
    // BullMQ's workers block on Redis; they need ioredis to retry forever rather than give up.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));
    this.queue = new Queue<TimerJob>(QUEUE, { connection: this.connection, prefix });
    this.jobs = new TimerJobs(this.connection, this.queue, prefix, now);
    this.sweeper = new TimerSweep(this.jobs);
  }

  /**
   * Refuses a Redis too old for the timers' state script (job-states.ts), so that the service stops
   * at its start with what to do rather than failing every timer later. A Redis that does not answer
   * now is not refused: the sweep puts the timers in once it does.
   */
  async checkRedis(): Promise<void> {
    const info = await within("INFO server", this.connection.info("server")).catch(() => "");
    const tooOld = redisTooOld(info);
    if (tooOld) throw new Error(tooOld);
  }

  /**
   * Adds each timer under its fixed id unless it is already waiting. A job under that id that failed
   * all its attempts (or completed) is removed first: it would block the add.
   *
   * The timers of every call made in the same turn of the event loop (a consumer batch's cases, after
   * its commit) go to Redis together, in a few round trips instead of a few for each case; each job
   * keeps its own caller's trace. Should Redis refuse them, each call's timers are tried again on their
   * own, so that one case's failure fails only its own call; should Redis not answer, every call fails.
   * A failed call's cases are left to the next sweep.
   */
  schedule(timers: Timer[]): Promise<void> {
    if (!timers.length) return Promise.resolve();
    const trace = captureTrace();
    return new Promise<void>((resolve, reject) => {
      if (!this.gathering) {
        const calls: Gathered[] = [];
        this.gathering = calls;
        this.added = new Promise<void>((turnEnded) => setImmediate(turnEnded)).then(() => {
          this.gathering = undefined;
          return this.addTogether(calls);
        });
      }
      this.gathering.push({ timers: timers.map((t) => ({ ...t, trace })), resolve, reject });
    });
  }

  private async addTogether(calls: Gathered[]): Promise<void> {
    const { errors } = await this.jobs.addGroups(calls.map((call) => call.timers));
    for (const [i, call] of calls.entries()) {
      const error = errors[i];
      if (error) this.failed(call, error);
      else call.resolve();
    }
  }

  private failed(call: Gathered, error: Error): void {
    for (const t of call.timers) this.doubtful.add(t.caseId);
    call.reject(error);
  }

  /**
   * Removes the case's waiting timers, stale ones included (an earlier offer's expiry, the deadline
   * before an extension), from the case's set of job ids, then the set: the cost does not grow with
   * the queue. A running job cannot be removed; it finds the case moved on and changes nothing.
   */
  async cancel(caseId: string): Promise<void> {
    // Looked at again by the next sweep, even when this succeeds: a consumer's batch cancels before its
    // commit, and should that commit fail the case is still open, now without its timers.
    this.doubtful.add(caseId);
    const ids = await within("list the case's timers", this.connection.smembers(this.jobs.ofCase(caseId)));
    await this.jobs.remove(ids);
    await this.jobs.forget([caseId]);
  }

  async sweep(read: TimerReads, backstop: boolean): Promise<SweepResult> {
    const doubtful = [...this.doubtful];
    this.doubtful.clear();
    try {
      const result = await this.sweeper.sweep(read, doubtful, backstop);
      // Redis refused these cases' timers: the next sweep tries them again, the others went on.
      for (const caseId of result.refused) this.doubtful.add(caseId);
      return result;
    } catch (error) {
      // Still in doubt: the next sweep looks at them again.
      for (const caseId of doubtful) this.doubtful.add(caseId);
      throw error;
    }
  }

  start(fire: (timer: Timer) => Promise<void>): void {
    this.workerRedis = this.connection.duplicate();
    this.worker = new Worker<TimerJob>(
      QUEUE,
      async (job) => {
        const { trace, ...timer } = job.data;
        await inTrace(trace, () => fire(timer));
      },
      { connection: this.workerRedis, prefix: this.jobs.prefix, concurrency: 4 },
    );
    this.worker.on("failed", (job, error) => {
      // A job that used up its attempts is also found among the failed jobs, but BullMQ keeps only the
      // newest of those (removeOnFail): its case is remembered here for the next sweep as well.
      const last = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
      if (last && job?.data.caseId) this.doubtful.add(job.data.caseId);
      this.logger.error(
        { timer: job?.name, caseId: job?.data.caseId, err: error.message },
        last ? "timer failed all its attempts; the next sweep schedules it again" : "timer failed; BullMQ retries it",
      );
    });
  }

  /** Stops taking timers, lets the running ones finish, and closes the connections. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.added;
    // Kept in memory only: said, so that an operator who stops this process for good knows to expect the
    // next full sweep (at any mediation process's start, or its backstop) to put them right.
    if (this.doubtful.size)
      this.logger.warn(
        { cases: [...this.doubtful].slice(0, 50), count: this.doubtful.size },
        "stopping with cases whose timers the sweep has not checked yet; the next full sweep will",
      );
    await this.queue.close();
    this.connection.disconnect();
    // BullMQ leaves a connection it was given open: the worker's own is closed here.
    this.workerRedis?.disconnect();
  }
}
