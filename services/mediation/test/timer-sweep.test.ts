// The timers adapter on the real Redis: a timer whose job failed all its attempts is scheduled again
// (the failed job under its fixed id is removed first); the sweep is full at first and after Redis
// lost its keys, and otherwise reads only the cases in doubt (docs/architecture.md#timers).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { createLogger } from "@mediation/telemetry";
import { uniqueName, waitFor } from "@mediation/testkit";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaseTimers, jobIdOf } from "../src/adapters/queue/case-timers.js";
import type { TimerReads } from "../src/application/ports.js";
import type { Timer } from "../src/domain/timers.js";
import { deleteKeysUnder } from "./redis-prefix.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const expiry = (caseId: string): Timer => ({ kind: "offer-expiry", caseId, key: `offer-${caseId}`, dueAt: inAnHour() });

/**
 * The cases' timers as the store would give them, `needed`, and a record of what the sweep read:
 * every case (`all`) or some by id (`of`). A case in `finished` needs no timer ever again.
 */
function reads(needed: Timer[], finished: string[] = []) {
  const calls = { all: 0, of: [] as string[][] };
  const read: TimerReads = {
    all: async () => {
      calls.all++;
      return { cases: new Set(needed.map((t) => t.caseId)).size, timers: needed };
    },
    of: async (ids) => {
      calls.of.push([...ids].sort());
      return {
        cases: ids.length,
        timers: needed.filter((t) => ids.includes(t.caseId)),
        finished: ids.filter((id) => finished.includes(id)),
      };
    },
  };
  return { read, calls };
}

describe("case timers on Redis", () => {
  let prefix: string;
  let timers: CaseTimers;
  let queue: Queue;

  beforeEach(() => {
    prefix = uniqueName("timer-sweep");
    timers = new CaseTimers(REDIS_URL, prefix, createLogger("timer-sweep-test"));
    queue = new Queue("case-timers", { connection: { url: REDIS_URL }, prefix });
  });

  /** Adds `timer`'s job with one attempt and has a worker fail it: the job ends in "failed". */
  async function failAllAttempts(timer: Timer): Promise<void> {
    await queue.add(timer.kind, timer, { jobId: jobIdOf(timer), attempts: 1 });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const failing = new Worker(
      "case-timers",
      async () => {
        throw new Error("Redis out of memory, say");
      },
      { connection, prefix },
    );
    await new Promise((resolve) => failing.once("failed", resolve));
    await failing.close();
    connection.disconnect();
  }

  afterEach(async () => {
    await timers.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await deleteKeysUnder(REDIS_URL, prefix);
  });

  it("schedules again a timer whose job failed all its attempts under the same id", async () => {
    const timer = expiry("c-1");
    await failAllAttempts(timer);
    expect(await queue.getJobState(jobIdOf(timer))).toBe("failed");

    await timers.schedule([timer]);
    expect(await queue.getJobState(jobIdOf(timer))).toBe("delayed");
    await timers.schedule([timer]);
    expect(await queue.getJobs(["delayed", "waiting", "failed"])).toHaveLength(1);
  });

  it("sweeps in full at first, to exactly the timers the cases need", async () => {
    await timers.schedule([expiry("stale"), expiry("kept")]);
    const { read, calls } = reads([expiry("kept"), expiry("lost")]);
    const result = await timers.sweep(read, false);
    expect(result).toMatchObject({ kind: "full", reason: "start", cases: 2, needed: 2, added: 1, removed: 1 });
    expect(calls.all).toBe(1);
    const ids = (await queue.getJobs(["delayed", "waiting"])).map((j) => j.id).sort();
    expect(ids).toEqual([jobIdOf(expiry("kept")), jobIdOf(expiry("lost"))].sort());
  });

  it("then reads no case when nothing is in doubt, unless the backstop asks for a full sweep", async () => {
    const { read, calls } = reads(Array.from({ length: 50 }, (_, i) => expiry(`open-${i}`)));
    await timers.sweep(read, false);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 0, needed: 0, added: 0, removed: 0 });
    expect(calls).toEqual({ all: 1, of: [] });
    expect(await timers.sweep(read, true)).toMatchObject({ kind: "full", reason: "backstop", cases: 50, added: 0 });
    expect(calls.all).toBe(2);
  });

  it("sweeps in full again once Redis has lost its keys, and puts every timer back", async () => {
    const needed = Array.from({ length: 20 }, (_, i) => expiry(`open-${i}`));
    const { read, calls } = reads(needed);
    await timers.sweep(read, false);
    expect(await queue.getJobCountByTypes("delayed")).toBe(20);
    // As a Redis restarted empty, or flushed: every key of the queue gone, the sweep's marker with them.
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect(await queue.getJobCountByTypes("delayed")).toBe(0);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "full", reason: "Redis lost its keys", cases: 20, added: 20 });
    expect(calls.all).toBe(2);
    expect(await queue.getJobCountByTypes("delayed")).toBe(20);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 0 });
  });

  it("sweeps in full when the marker of the last full sweep is gone, even with the jobs still there", async () => {
    const { read } = reads([expiry("c-3")]);
    await timers.sweep(read, false);
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.del(`${prefix}:case-timers:swept`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "full", reason: "Redis lost its keys", added: 0, removed: 0 });
  });

  it("sweeps in full after Redis restarted, even when the marker is there again (a replica promoted with an older copy)", async () => {
    // A redis-server of this test's own, which it may restart: the shared one is never touched.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const url = `redis://127.0.0.1:${port}`;
    let server: ChildProcess | undefined;
    const start = async () => {
      server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        stdio: "ignore",
      });
      await waitFor(async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on("error", () => undefined);
        return probe
          .connect()
          .then(() => probe.ping())
          .catch(() => undefined)
          .finally(() => probe.disconnect());
      });
    };
    const stop = async () => {
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      server?.kill("SIGKILL");
      await exited;
    };
    await start();
    const own = new CaseTimers(url, prefix, createLogger("timer-sweep-test"));
    const client = new Redis(url, { maxRetriesPerRequest: null });
    client.on("error", () => undefined);
    try {
      const { read } = reads([expiry("c-7")]);
      expect(await own.sweep(read, false)).toMatchObject({ kind: "full", reason: "start", added: 1 });
      const marker = await client.get(`${prefix}:case-timers:swept`);
      await stop();
      await start();
      await client.set(`${prefix}:case-timers:swept`, marker ?? "");
      expect(await own.sweep(read, false)).toMatchObject({ kind: "full", reason: "Redis restarted", added: 1 });
      expect(await own.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 0 });
    } finally {
      client.disconnect();
      await own.close();
      await stop();
    }
  });

  it("puts back a timer whose job failed all its attempts at the next incremental sweep, reading only its case", async () => {
    const timer = expiry("c-2");
    const others = Array.from({ length: 30 }, (_, i) => expiry(`open-${i}`));
    await timers.sweep(reads(others).read, false);
    await failAllAttempts(timer);
    const { read, calls } = reads([...others, timer]);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, needed: 1, added: 1, removed: 0 });
    expect(calls).toEqual({ all: 0, of: [["c-2"]] });
    expect(await queue.getJobState(jobIdOf(timer))).toBe("delayed");
  });

  it("removes a failed job no case needs at the next incremental sweep, and the set of its finished case", async () => {
    const timer = expiry("c-done");
    await timers.sweep(reads([]).read, false);
    await timers.schedule([{ ...timer, key: "offer-earlier" }]);
    await failAllAttempts(timer);
    const { read } = reads([], ["c-done"]);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, needed: 0, removed: 2 });
    expect(await queue.getJobState(jobIdOf(timer))).toBe("unknown");
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.exists(`${prefix}:case-timers:of-case:c-done`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  /** Schedules `timer` while Redis refuses its case's set (a wrong type, as a full or failing Redis would refuse): the schedule fails. */
  const failToSchedule = async (timer: Timer) => {
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(`${prefix}:case-timers:of-case:${timer.caseId}`, "not a set");
      await expect(timers.schedule([timer])).rejects.toThrow(/WRONGTYPE/);
      await redis.del(`${prefix}:case-timers:of-case:${timer.caseId}`);
    } finally {
      redis.disconnect();
    }
  };

  it("reads a case whose scheduling failed at the next incremental sweep, and schedules its timers", async () => {
    const timer = expiry("c-4");
    await timers.sweep(reads([]).read, false);
    await failToSchedule(timer);
    expect(await queue.getJobState(jobIdOf(timer))).toBe("unknown");
    const { read, calls } = reads([timer, expiry("c-5")]);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, added: 1 });
    expect(calls).toEqual({ all: 0, of: [["c-4"]] });
    expect(await queue.getJobState(jobIdOf(timer))).toBe("delayed");
    // Looked at once: the next sweep has nothing in doubt.
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 0 });
  });

  it("adds the other cases' timers when Redis keeps refusing one case's, at a full and an incremental sweep, and keeps that case in doubt until it is put right", async () => {
    const bad = expiry("c-bad");
    const setOfBad = `${prefix}:case-timers:of-case:c-bad`;
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(setOfBad, "not a set");
      const first = reads([bad, expiry("c-first")]);
      expect(await timers.sweep(first.read, false)).toMatchObject({ kind: "full", needed: 2, added: 1, refused: ["c-bad"] });
      expect(await queue.getJobState(jobIdOf(expiry("c-first")))).toBe("delayed");
      // The refused case's key is left as it is, not deleted as an old set; the next full sweep looks again.
      expect(await redis.type(setOfBad)).toBe("string");
      expect(await redis.exists(`${prefix}:case-timers:sets-expire`)).toBe(0);
      await failToSchedule(expiry("c-good"));
      const { read, calls } = reads([bad, expiry("c-first"), expiry("c-good")]);
      expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 2, added: 1, refused: ["c-bad"] });
      expect(calls.of).toEqual([["c-bad", "c-good"]]);
      expect(await queue.getJobState(jobIdOf(expiry("c-good")))).toBe("delayed");
      expect(await queue.getJobState(jobIdOf(bad))).toBe("unknown");
      // Still refused, still in doubt: the next sweep reads it alone; once the key is put right, its timer goes in.
      expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, added: 0, refused: ["c-bad"] });
      await redis.del(setOfBad);
      expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, added: 1, refused: [] });
      expect(calls.of).toEqual([["c-bad", "c-good"], ["c-bad"], ["c-bad"]]);
      expect(await queue.getJobState(jobIdOf(bad))).toBe("delayed");
    } finally {
      redis.disconnect();
    }
  });

  it("sweeps in full again after a full sweep failed, and keeps in doubt the cases of an incremental sweep that failed", async () => {
    const timer = expiry("c-8");
    const broken: TimerReads = {
      all: async () => Promise.reject(new Error("the store did not answer")),
      of: async () => Promise.reject(new Error("the store did not answer")),
    };
    await expect(timers.sweep(broken, false)).rejects.toThrow(/did not answer/);
    const { read, calls } = reads([timer]);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "full", reason: "the last full sweep failed", added: 1 });
    await queue.remove(jobIdOf(timer));
    await failToSchedule(timer);
    await expect(timers.sweep(broken, false)).rejects.toThrow(/did not answer/);
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, added: 1 });
    expect(calls.of).toEqual([["c-8"]]);
  });

  it("keeps a case's set of job ids no longer than a day after its latest due time", async () => {
    const soon = expiry("c-6");
    const later: Timer = {
      ...soon,
      kind: "deadline-overdue",
      key: "2026-12-01T00:00:00.000Z",
      dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    };
    await timers.schedule([soon]);
    const redis = new Redis(REDIS_URL);
    try {
      const key = `${prefix}:case-timers:of-case:c-6`;
      const day = 86_400_000;
      expect(await redis.pttl(key)).toBeGreaterThan(day);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(day + 3_600_000);
      await timers.schedule([later]);
      expect(await redis.pttl(key)).toBeGreaterThan(11 * day - 60_000);
      // An earlier due time does not shorten it.
      await timers.schedule([{ ...soon, key: "offer-second" }]);
      expect(await redis.pttl(key)).toBeGreaterThan(11 * day - 60_000);
    } finally {
      redis.disconnect();
    }
  });

  it("cancels a case's timers, an earlier offer's too, without scanning the queue", async () => {
    const others = Array.from({ length: 300 }, (_, i) => expiry(`other-${i}`));
    const first = expiry("c-9");
    const second: Timer = { ...expiry("c-9"), key: "offer-c-9-second" };
    await timers.schedule([...others, first]);
    await timers.schedule([second]);
    const watcher = new Redis(REDIS_URL);
    const commands: string[] = [];
    const monitor = await watcher.monitor();
    monitor.on("monitor", (_time: string, args: string[]) => {
      if (args.some((a) => a.includes(prefix) || a.includes("c-9"))) commands.push(String(args[0]).toLowerCase());
    });
    try {
      await timers.cancel("c-9");
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }
    expect(commands).not.toContain("scan");
    expect(commands).not.toContain("keys");
    const left = (await queue.getJobs(["delayed", "waiting"])).map((j) => j.id);
    expect(left).toHaveLength(300);
    expect(left).not.toContain(jobIdOf(first));
    expect(left).not.toContain(jobIdOf(second));
  });

  it("at the first full sweep, gives the sets written before sets expired an expiry, and deletes those of cases that need no timer", async () => {
    const open = expiry("c-open");
    const setOf = (caseId: string) => `${prefix}:case-timers:of-case:${caseId}`;
    await queue.add(open.kind, open, { jobId: jobIdOf(open), delay: 3_600_000 });
    const redis = new Redis(REDIS_URL);
    try {
      await redis.sadd(setOf("c-open"), jobIdOf(open));
      await redis.sadd(setOf("c-closed"), "deadline-overdue-c-closed-1");
      await timers.sweep(reads([open]).read, false);
      expect(await redis.pttl(setOf("c-open"))).toBeGreaterThan(86_400_000);
      expect(await redis.exists(setOf("c-closed"))).toBe(0);
      // Once per queue: a later full sweep scans no more.
      await redis.sadd(setOf("c-later"), "x");
      await timers.sweep(reads([open]).read, true);
      expect(await redis.pttl(setOf("c-later"))).toBe(-1);
    } finally {
      redis.disconnect();
    }
  });

  it("cancels timers scheduled before cases kept their sets, once a sweep has seen them", async () => {
    const old = expiry("c-old");
    await queue.add(old.kind, old, { jobId: jobIdOf(old), delay: 3_600_000 });
    await timers.sweep(reads([old]).read, false);
    await timers.cancel("c-old");
    expect(await queue.getJobState(jobIdOf(old))).toBe("unknown");
  });
});
