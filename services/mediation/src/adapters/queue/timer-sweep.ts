// The sweep of the case timers in Redis (docs/architecture.md#timers): full when Redis may have lost
// jobs since this process's last full sweep, incremental otherwise, so that its cost every interval
// follows what went wrong, not how many cases are open.

import type { SweepResult, TimerReads } from "../../application/ports.js";
import type { Timer } from "../../domain/timers.js";
import { jobIdOf, RedisTimeout, type TimerJobs, within } from "./timer-jobs.js";

type Took = SweepResult["took"];

/** Milliseconds since the previous lap (or since it was made). */
function lapper(): () => number {
  let mark = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
}

export class TimerSweep {
  /** Redis's run_id when this process's last finished full sweep began; undefined before the first. */
  private sweptRunId: string | undefined;
  /** Whether the last full sweep began and did not finish. */
  private failed = false;
  /** Whether the queue's jobs are known to be filed in their cases' sets (fileOldJobs). */
  private filed = false;
  /** Whether the sets written before sets expired are known to expire (expireOldSets). */
  private expiring = false;

  constructor(private readonly jobs: TimerJobs) {}

  /** The key a full sweep writes as it begins: gone with the jobs when Redis loses its keys. */
  private get marker(): string {
    return this.jobs.key("swept");
  }

  /** `doubtful`: the cases whose schedule or cancel failed since the last sweep. */
  async sweep(read: TimerReads, doubtful: string[], backstop: boolean): Promise<SweepResult> {
    const lap = lapper();
    const { runId, marked } = await this.redisState();
    const reason = this.fullSweepReason(runId, marked, backstop);
    if (!reason) return { kind: "incremental", ...(await this.incremental(read, doubtful, lap)) };
    // Until this one finishes, every sweep is full: a failed full sweep is tried again.
    this.sweptRunId = undefined;
    this.failed = true;
    const result = await this.full(read, runId, lap);
    this.sweptRunId = runId;
    this.failed = false;
    return { kind: "full", reason, ...result };
  }

  /** Why this sweep must be full, or undefined when an incremental one will do. */
  private fullSweepReason(runId: string, marked: boolean, backstop: boolean): string | undefined {
    if (!this.sweptRunId) return this.failed ? "the last full sweep failed" : "start";
    if (runId !== this.sweptRunId) return "Redis restarted";
    if (!marked) return "Redis lost its keys";
    return backstop ? "backstop" : undefined;
  }

  /**
   * Which Redis holds the data: its run_id (new after each restart) with its replication id (new when a
   * replica is promoted, even back to a primary that never restarted); and whether the last full
   * sweep's marker is still there.
   */
  private async redisState(): Promise<{ runId: string; marked: boolean }> {
    const results =
      (await within("read Redis's state", this.jobs.connection.pipeline().exists(this.marker).info("server").info("replication").exec())) ??
      [];
    const [[existsError, exists] = [], [serverError, server] = [], [replicationError, replication] = []] = results;
    if (existsError || serverError || replicationError) throw existsError ?? serverError ?? replicationError;
    const field = (info: unknown, name: string) => new RegExp(`^${name}:(\\w+)`, "m").exec(String(info))?.[1] ?? "?";
    return { runId: `${field(server, "run_id")}/${field(replication, "master_replid")}`, marked: exists === 1 };
  }

  /**
   * Makes the queue hold exactly the timers `read.all` loads: adds what is missing (or failed),
   * removes jobs no case needs. The marker is written and the job ids listed before the cases are read,
   * so that a loss during the sweep shows at the next one and a timer scheduled meanwhile stays.
   */
  private async full(read: TimerReads, runId: string, lap: () => number): Promise<Omit<SweepResult, "kind">> {
    await within("mark the sweep", this.jobs.connection.set(this.marker, JSON.stringify({ runId, at: new Date().toISOString() })));
    const { queue } = this.jobs;
    const [listed, failed] = await within(
      "list timers",
      Promise.all([queue.getRanges(["delayed", "waiting", "failed"], 0, -1, true), queue.getRanges(["failed"], 0, -1, true)]),
    );
    if (!this.filed) await this.fileOldJobs();
    const took: Partial<Took> = { list: lap() };
    const { cases, timers } = await read.all();
    took.cases = lap();
    const present = new Set(listed);
    const dead = new Set(failed);
    const { added, refused } = await this.addByCase(timers.filter((t) => !present.has(jobIdOf(t)) || dead.has(jobIdOf(t))));
    took.add = lap();
    const wanted = new Set(timers.map(jobIdOf));
    const removed = await this.jobs.remove([...present].filter((id) => !wanted.has(id)));
    if (!this.expiring) await this.jobs.expireOldSets(timers);
    this.expiring = true;
    return { cases, needed: timers.length, added, removed, refused, took: { ...(took as Took), remove: lap() } };
  }

  /**
   * Adds the timers a case at a time should Redis refuse them all together (TimerJobs.addGroups): a case
   * it refuses (its set of the wrong type, say) is answered among `refused`, and keeps no other case's
   * timers out. Should Redis not answer, the sweep fails, as any call to Redis that times out fails it.
   */
  private async addByCase(timers: Timer[]): Promise<{ added: number; refused: string[] }> {
    const byCase = new Map<string, Timer[]>();
    for (const t of timers) {
      const own = byCase.get(t.caseId) ?? [];
      own.push(t);
      byCase.set(t.caseId, own);
    }
    const cases = [...byCase.keys()];
    const { added, errors } = await this.jobs.addGroups([...byCase.values()]);
    const timedOut = errors.find((error) => error instanceof RedisTimeout);
    if (timedOut) throw timedOut;
    return { added, refused: cases.filter((_, i) => errors[i]) };
  }

  /**
   * Looks only at the doubtful cases and at the cases of jobs that failed all their attempts: each is
   * read by id, its timers added if missing or failed, its listed jobs no longer needed removed, and
   * the set of a case finished for good deleted. Job ids are listed before the cases are read, as in full.
   */
  private async incremental(read: TimerReads, doubtful: string[], lap: () => number): Promise<Omit<SweepResult, "kind">> {
    const failed = await within("list failed timers", this.jobs.queue.getJobs(["failed"]));
    const caseIds = [...new Set([...doubtful, ...failed.flatMap((job) => (job?.data?.caseId ? [job.data.caseId] : []))])];
    const sets = await this.jobs.listed(caseIds);
    const listed = new Set([...sets.ids, ...failed.flatMap((job) => (job?.id ? [job.id] : []))]);
    const took: Partial<Took> = { list: lap() };
    const { cases, timers, finished = [] } = caseIds.length ? await read.of(caseIds) : { cases: 0, timers: [] };
    took.cases = lap();
    const { added, refused } = await this.addByCase(timers);
    took.add = lap();
    const wanted = new Set(timers.map(jobIdOf));
    const removed = await this.jobs.remove([...listed].filter((id) => !wanted.has(id)));
    await this.jobs.forget(finished);
    // A set that could not be listed may hold jobs no longer needed: its case stays in doubt, unless it
    // is finished (forget deletes its key whatever it holds, and a job left behind finds the case closed).
    const stillDoubtful = [...new Set([...refused, ...sets.refused.filter((caseId) => !finished.includes(caseId))])];
    return { cases, needed: timers.length, added, removed, refused: stillDoubtful, took: { ...(took as Took), remove: lap() } };
  }

  /**
   * Jobs scheduled by a release without the per-case sets get into them once per queue, not at every
   * start: a key in Redis says it was done (gone with the jobs, should Redis lose them).
   */
  private async fileOldJobs(): Promise<void> {
    const marker = this.jobs.key("filed-by-case");
    if (!(await within("read the filing mark", this.jobs.connection.exists(marker)))) {
      const jobs = await within("read timers", this.jobs.queue.getJobs(["delayed", "waiting", "failed"]));
      const refused = await this.jobs.remember(
        jobs.flatMap((job) => (job?.id && job.data?.caseId ? [{ caseId: job.data.caseId, id: job.id, dueAt: job.data.dueAt }] : [])),
      );
      // Not marked while Redis refuses a case's set: the next full sweep files them again.
      if (refused.length) return;
      await within("mark the filing", this.jobs.connection.set(marker, new Date().toISOString()));
    }
    this.filed = true;
  }
}
