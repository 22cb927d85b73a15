// The timers adapter on the real Redis: a timer whose job failed all its attempts is scheduled again
// (the failed job under its fixed id is removed first), and the sweep removes jobs no case needs.
import { createLogger } from "@mediation/telemetry";
import { uniqueName } from "@mediation/testkit";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaseTimers, jobIdOf } from "../src/adapters/queue/case-timers.js";
import type { Timer } from "../src/domain/timers.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const expiry = (caseId: string): Timer => ({ kind: "offer-expiry", caseId, key: `offer-${caseId}`, dueAt: inAnHour() });

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

  it("sweeps back a timer whose job failed all its attempts", async () => {
    const timer = expiry("c-2");
    await failAllAttempts(timer);
    expect(await timers.reconcile(async () => [timer])).toMatchObject({ needed: 1, added: 1, removed: 0 });
    expect(await queue.getJobState(jobIdOf(timer))).toBe("delayed");
  });

  it("sweeps the queue to exactly the timers the cases need", async () => {
    await timers.schedule([expiry("stale"), expiry("kept")]);
    const result = await timers.reconcile(async () => [expiry("kept"), expiry("lost")]);
    expect(result).toMatchObject({ needed: 2, added: 1, removed: 1 });
    const ids = (await queue.getJobs(["delayed", "waiting"])).map((j) => j.id).sort();
    expect(ids).toEqual([jobIdOf(expiry("kept")), jobIdOf(expiry("lost"))].sort());
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

  it("cancels timers scheduled before cases kept their sets, once a sweep has seen them", async () => {
    const old = expiry("c-old");
    await queue.add(old.kind, old, { jobId: jobIdOf(old), delay: 3_600_000 });
    await timers.reconcile(async () => [old]);
    await timers.cancel("c-old");
    expect(await queue.getJobState(jobIdOf(old))).toBe("unknown");
  });
});
