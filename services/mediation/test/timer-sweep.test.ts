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

  afterEach(async () => {
    await timers.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("schedules again a timer whose job failed all its attempts under the same id", async () => {
    const timer = expiry("c-1");
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
    expect(await queue.getJobState(jobIdOf(timer))).toBe("failed");

    await timers.schedule([timer]);
    expect(await queue.getJobState(jobIdOf(timer))).toBe("delayed");
    await timers.schedule([timer]);
    expect(await queue.getJobs(["delayed", "waiting", "failed"])).toHaveLength(1);
  });

  it("sweeps the queue to exactly the timers the cases need", async () => {
    await timers.schedule([expiry("stale"), expiry("kept")]);
    const result = await timers.reconcile(async () => [expiry("kept"), expiry("lost")]);
    expect(result).toEqual({ needed: 2, added: 1, removed: 1 });
    const ids = (await queue.getJobs(["delayed", "waiting"])).map((j) => j.id).sort();
    expect(ids).toEqual([jobIdOf(expiry("kept")), jobIdOf(expiry("lost"))].sort());
  });
});
