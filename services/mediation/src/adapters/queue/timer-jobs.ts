// The case timers' jobs in BullMQ and, beside them, each case's set of its job ids. Shared by the
// scheduling calls (case-timers.ts) and the sweep (timer-sweep.ts). Every call to Redis gives up
// after REDIS_TIMEOUT_MS.

import { captureTrace } from "@mediation/telemetry";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Timer } from "../../domain/timers.js";
import { jobStates } from "./job-states.js";

export const QUEUE = "case-timers";

const REDIS_TIMEOUT_MS = 2_000;
/** States in which a job with a timer's id must go before the timer can be added again. */
const DEAD = new Set(["failed", "completed"]);
/** States of a job that will still fire. */
const LIVE = new Set(["delayed", "waiting", "active", "prioritized"]);
/**
 * How long a case's set outlives its latest timer's due time: long enough for that job to have run
 * all its attempts (about 17 minutes of backoff). After that the set has nothing left to cancel.
 */
const SET_KEPT_AFTER_DUE_MS = 24 * 3_600_000;

/**
 * Adds the job ids to a case's set, and makes the set expire SET_KEPT_AFTER_DUE_MS after the latest
 * due time it has been given (never earlier than it already would). PTTL and PEXPIRE, not PEXPIRE's
 * GT option, so that Redis 6 serves it too.
 */
const REMEMBER = `
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
local ttl = redis.call('PTTL', KEYS[1])
local keep = tonumber(ARGV[1])
if ttl >= 0 and ttl >= keep then return 0 end
redis.call('PEXPIRE', KEYS[1], keep)
return 1`;

export type TimerJob = Timer & { trace: Record<string, string> };

export const jobIdOf = (t: Timer) => `${t.kind}-${t.caseId}-${new Date(t.key).getTime() || t.key}`;

/** Redis did not answer in time: trying the same again at once would only wait as long. */
export class RedisTimeout extends Error {}

/** Redis reachable or not, a call answers within `ms`: a hung call must not hold a committed request. */
export function within<T>(what: string, work: Promise<T>, ms = REDIS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(`redis: ${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class TimerJobs {
  constructor(
    readonly connection: Redis,
    readonly queue: Queue<TimerJob>,
    readonly prefix: string,
    private readonly now: () => Date,
  ) {}

  /** A key of this queue's own, beside BullMQ's. */
  key(name: string): string {
    return `${this.prefix}:${QUEUE}:${name}`;
  }

  /** The set of the job ids scheduled for a case: what cancel() removes, without scanning the queue. */
  ofCase(caseId: string): string {
    return this.key(`of-case:${caseId}`);
  }

  /**
   * Adds each timer under its fixed id unless it is already waiting; returns how many were added. A
   * job under that id that failed all its attempts (or completed) is removed first: it would block the add.
   * A timer's job carries the trace given with it, else the trace active now.
   */
  async add(timers: Array<Timer & { trace?: TimerJob["trace"] }>): Promise<number> {
    if (!timers.length) return 0;
    const trace = captureTrace();
    const now = this.now().getTime();
    // All the states in one call (job-states.ts), not a script a timer.
    const states = await within("read the timers", jobStates(this.connection, this.queue, timers.map(jobIdOf)));
    const missing = timers.filter((_, i) => !LIVE.has(states[i] ?? ""));
    const dead = timers.filter((_, i) => DEAD.has(states[i] ?? ""));
    await within("remove dead timers", Promise.all(dead.map((t) => this.queue.remove(jobIdOf(t)))));
    if (!missing.length) return 0;
    const refused = await this.remember(missing.map((t) => ({ caseId: t.caseId, id: jobIdOf(t), dueAt: t.dueAt })));
    if (refused.length) throw refused[0]?.error;
    await within(
      "add timers",
      this.queue.addBulk(
        missing.map((t) => ({
          name: t.kind,
          data: { ...t, trace: t.trace ?? trace },
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

  /**
   * Adds the groups' timers together (add), and should Redis refuse them, each half of the groups again
   * on its own, one half after the other, down to single groups: a group Redis refuses (a case whose set
   * has the wrong type, say) fails alone, in a few calls more, and Redis is never sent a call per group
   * at once (each would wait its turn against the same timeout). Should Redis not answer (RedisTimeout),
   * every group not yet in fails without another try: it would only wait as long again. Answers how
   * many timers were added, and each group's error (undefined: its timers are in).
   */
  async addGroups(
    groups: Array<Array<Timer & { trace?: TimerJob["trace"] }>>,
  ): Promise<{ added: number; errors: Array<Error | undefined> }> {
    try {
      return { added: await this.add(groups.flat()), errors: groups.map(() => undefined) };
    } catch (error) {
      if (groups.length === 1 || error instanceof RedisTimeout) return { added: 0, errors: groups.map(() => error as Error) };
      // What a try added before it failed is found live by the next, and not added twice (add).
      const middle = Math.ceil(groups.length / 2);
      const first = await this.addGroups(groups.slice(0, middle));
      const timedOut = first.errors.find((e) => e instanceof RedisTimeout);
      const second = timedOut ? { added: 0, errors: groups.slice(middle).map(() => timedOut) } : await this.addGroups(groups.slice(middle));
      return { added: first.added + second.added, errors: [...first.errors, ...second.errors] };
    }
  }

  /**
   * Records each timer's job id in its case's set, before the job exists: a crash between leaves an
   * id with no job, which removes as nothing. The set expires a day after its latest due time (REMEMBER).
   * Answers the cases whose set Redis refused (its key of the wrong type, say), each with its error;
   * the others' sets are written all the same.
   */
  async remember(jobs: Array<{ caseId: string; id: string; dueAt: string }>): Promise<Array<{ caseId: string; error: Error }>> {
    if (!jobs.length) return [];
    const now = this.now().getTime();
    const byCase = new Map<string, { ids: string[]; keep: number }>();
    for (const { caseId, id, dueAt } of jobs) {
      const entry = byCase.get(caseId) ?? { ids: [], keep: 0 };
      entry.ids.push(id);
      entry.keep = Math.max(entry.keep, (Date.parse(dueAt) || now) - now + SET_KEPT_AFTER_DUE_MS, SET_KEPT_AFTER_DUE_MS);
      byCase.set(caseId, entry);
    }
    const pipeline = this.connection.pipeline();
    for (const [caseId, { ids, keep }] of byCase) pipeline.eval(REMEMBER, 1, this.ofCase(caseId), Math.round(keep), ...ids);
    const results = (await within("record the case's timers", pipeline.exec())) ?? [];
    const cases = [...byCase.keys()];
    return results.flatMap(([error], i) => (error ? [{ caseId: cases[i] as string, error }] : []));
  }

  /** The job ids in each case's set, and the cases whose set Redis refused to list (its key of the wrong type, say). */
  async listed(caseIds: string[]): Promise<{ ids: string[]; refused: string[] }> {
    if (!caseIds.length) return { ids: [], refused: [] };
    const pipeline = this.connection.pipeline();
    for (const caseId of caseIds) pipeline.smembers(this.ofCase(caseId));
    const results = (await within("list the cases' timers", pipeline.exec())) ?? [];
    const refused = caseIds.filter((_, i) => results[i]?.[0]);
    return { ids: results.flatMap(([error, ids]) => (error ? [] : (ids as string[]))), refused };
  }

  /** Removes the jobs (all at once, not one after another) and says how many there were; a running job cannot be, and stays. */
  async remove(ids: string[]): Promise<number> {
    const removed = await within("remove timers", Promise.all(ids.map((id) => this.queue.remove(id))));
    return removed.filter((code) => code === 1).length;
  }

  /**
   * Gives an expiry to the sets written before sets expired, once per queue (a mark says it was done,
   * gone with the jobs should Redis lose them). Those of the cases in `needed` get theirs as any set
   * does (remember); the others belong to cases that need no timer, whose jobs the full sweep calling
   * this has just removed, and are deleted. A SCAN of the keyspace, once (again at the next full sweep
   * when Redis refused a needed case's set).
   */
  async expireOldSets(needed: Timer[]): Promise<void> {
    const mark = this.key("sets-expire");
    if (await within("read the expiry mark", this.connection.exists(mark))) return;
    // A needed case whose set Redis refused keeps it as it is, and the next full sweep does this again.
    const refused = await this.remember(needed.map((t) => ({ caseId: t.caseId, id: jobIdOf(t), dueAt: t.dueAt })));
    const kept = new Set(refused.map(({ caseId }) => this.ofCase(caseId)));
    // Every case's set: the prefix as it is (its glob characters escaped), then any case id.
    const pattern = `${this.ofCase("").replace(/[*?[\]\\]/g, "\\$&")}*`;
    let cursor = "0";
    do {
      const [next, keys] = await within("find the cases' sets", this.connection.scan(cursor, "MATCH", pattern, "COUNT", 1000));
      cursor = next;
      const ttls = keys.length
        ? ((await within("read the sets' expiry", this.connection.pipeline(keys.map((k) => ["pttl", k])).exec())) ?? [])
        : [];
      const lasting = keys.filter((key, i) => ttls[i]?.[1] === -1 && !kept.has(key));
      if (lasting.length) await within("delete old sets", this.connection.del(...lasting));
    } while (cursor !== "0");
    if (!refused.length) await within("mark the sets' expiry", this.connection.set(mark, new Date().toISOString()));
  }

  /** Deletes the cases' sets of job ids. */
  async forget(caseIds: string[]): Promise<void> {
    if (caseIds.length) await within("forget the cases' timers", this.connection.del(...caseIds.map((id) => this.ofCase(id))));
  }
}
