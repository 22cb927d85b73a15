// Timers scheduled in the same turn of the event loop (a consumer batch's cases after its commit) go to
// Redis together (case-timers.ts): each job keeps the trace of the call that scheduled it, every call is
// answered once its timers are in Redis, and a case Redis refuses fails only its own call, its case left
// to the next sweep. On the real Redis.
import { createLogger, inTrace, startTracing, stopTracing } from "@mediation/telemetry";
import { uniqueName } from "@mediation/testkit";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CaseTimers, jobIdOf } from "../src/adapters/queue/case-timers.js";
import type { TimerReads } from "../src/application/ports.js";
import type { Timer } from "../src/domain/timers.js";
import { deleteKeysUnder } from "./redis-prefix.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const expiry = (caseId: string): Timer => ({ kind: "offer-expiry", caseId, key: `offer-${caseId}`, dueAt: inAnHour() });
const traceparent = (i: number) => `00-${String(i + 1).padStart(32, "a")}-${String(i + 1).padStart(16, "b")}-01`;

describe("timers scheduled in the same turn", () => {
  let prefix: string;
  let timers: CaseTimers;
  let queue: Queue;

  beforeAll(async () => {
    await startTracing("timer-gathering-test");
  });
  afterAll(async () => {
    await stopTracing();
  });

  beforeEach(() => {
    prefix = uniqueName("timer-gathering");
    timers = new CaseTimers(REDIS_URL, prefix, createLogger("timer-gathering-test", "silent"));
    queue = new Queue("case-timers", { connection: { url: REDIS_URL }, prefix });
  });

  afterEach(async () => {
    await timers.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await deleteKeysUnder(REDIS_URL, prefix);
  });

  it("are all added, each job with the trace of the call that scheduled it", async () => {
    const cases = Array.from({ length: 5 }, (_, i) => `c-${i}`);
    await Promise.all(cases.map((caseId, i) => inTrace({ traceparent: traceparent(i) }, () => timers.schedule([expiry(caseId)]))));
    const jobs = await queue.getJobs(["delayed"]);
    expect(jobs.map((j) => j.id).sort()).toEqual(cases.map((c) => jobIdOf(expiry(c))).sort());
    for (const [i, caseId] of cases.entries()) {
      const job = jobs.find((j) => j.id === jobIdOf(expiry(caseId)));
      expect(job?.data.trace).toEqual({ traceparent: traceparent(i) });
    }
  });

  it("fail one by one when Redis refuses one case's set: the other case's timers are added, and the next sweep reads only the refused case", async () => {
    const needed = [expiry("refused"), expiry("fine")];
    const calls: string[][] = [];
    const read: TimerReads = {
      all: async () => ({ cases: 2, timers: needed }),
      of: async (ids) => {
        calls.push([...ids].sort());
        return { cases: ids.length, timers: needed.filter((t) => ids.includes(t.caseId)), finished: [] };
      },
    };
    await timers.sweep({ ...read, all: async () => ({ cases: 0, timers: [] }) }, false);
    const redis = new Redis(REDIS_URL);
    try {
      // A key of the wrong type where the case's set of job ids goes: Redis refuses to add to it.
      await redis.set(`${prefix}:case-timers:of-case:refused`, "not a set");
      const [refused, fine] = needed.map((t) => timers.schedule([t]));
      await expect(refused).rejects.toThrow(/WRONGTYPE/);
      await expect(fine).resolves.toBeUndefined();
      expect((await queue.getJobs(["delayed"])).map((j) => j.id)).toEqual([jobIdOf(expiry("fine"))]);
      await redis.del(`${prefix}:case-timers:of-case:refused`);
    } finally {
      redis.disconnect();
    }
    expect(await timers.sweep(read, false)).toMatchObject({ kind: "incremental", cases: 1, added: 1 });
    expect(calls).toEqual([["refused"]]);
  });
});
