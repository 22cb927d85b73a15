// jobStates (job-states.ts) reads many jobs' states in one script: for jobs in each state a timer's job
// can be in, and for a job that does not exist, it answers what BullMQ's own Queue.getJobState answers.
// On the real Redis, with a real worker holding one job active.
import { uniqueName } from "@mediation/testkit";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobStates, redisTooOld } from "../src/adapters/queue/job-states.js";
import { deleteKeysUnder } from "./redis-prefix.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const NAME = "job-states";

describe("jobStates", () => {
  let prefix: string;
  let connection: Redis;
  let queue: Queue;
  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;

  beforeEach(() => {
    prefix = uniqueName("job-states");
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(NAME, { connection, prefix });
  });

  afterEach(async () => {
    await worker?.close(true);
    // BullMQ leaves a connection it was given open.
    workerConnection?.disconnect();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    await deleteKeysUnder(REDIS_URL, prefix);
  });

  async function until(id: string, state: string): Promise<void> {
    for (let i = 0; i < 200 && (await queue.getJobState(id)) !== state; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await queue.getJobState(id)).toBe(state);
  }

  it("answers, in one call, what BullMQ answers for each job: completed, failed, active, waiting, prioritized, delayed, unknown", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // One job at a time: while "active" is held, the jobs added after it stay where they were put.
    workerConnection = connection.duplicate({ maxRetriesPerRequest: null });
    worker = new Worker(
      NAME,
      async (job: Job) => {
        if (job.name === "failed") throw new Error("fails on purpose");
        if (job.name === "active") await held;
      },
      { connection: workerConnection, prefix, concurrency: 1 },
    );
    await queue.add("completed", {}, { jobId: "j-completed", removeOnComplete: false });
    await until("j-completed", "completed");
    await queue.add("failed", {}, { jobId: "j-failed", attempts: 1 });
    await until("j-failed", "failed");
    await queue.add("active", {}, { jobId: "j-active" });
    await until("j-active", "active");
    await queue.add("waiting", {}, { jobId: "j-waiting" });
    await queue.add("prioritized", {}, { jobId: "j-prioritized", priority: 3 });
    await queue.add("delayed", {}, { jobId: "j-delayed", delay: 3_600_000 });

    const ids = ["j-completed", "j-failed", "j-active", "j-waiting", "j-prioritized", "j-delayed", "j-none"];
    const ours = await jobStates(connection, queue, ids);
    const bullmq = await Promise.all(ids.map((id) => queue.getJobState(id)));
    expect(ours).toEqual(bullmq);
    expect(ours).toEqual(["completed", "failed", "active", "waiting", "prioritized", "delayed", "unknown"]);
    release();
  });
});

// The script needs LPOS (Redis 6.0.6): an older Redis is refused at the service's start (CaseTimers.checkRedis).
describe("redisTooOld", () => {
  it("refuses a Redis older than 6.0.6, comparing each part as a number, in the real INFO's layout", async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const info = await connection.info("server");
      expect(info).toMatch(/^redis_version:/m);
      // This machine's Redis is newer: not refused.
      expect(redisTooOld(info)).toBeUndefined();
      const as = (version: string) => redisTooOld(info.replace(/^redis_version:[\d.]+/m, `redis_version:${version}`));
      for (const old of ["5.0.14", "6.0.5", "4.9.105"]) {
        expect(as(old)).toContain(`Redis ${old} is older than 6.0.6`);
        expect(as(old)).toContain("upgrade Redis");
      }
      for (const recent of ["6.0.6", "6.0.10", "6.2.0", "7.4.1", "10.0.0"]) expect(as(recent)).toBeUndefined();
    } finally {
      connection.disconnect();
    }
  });

  it("does not refuse an answer that gives no version (a proxy, say)", () => {
    expect(redisTooOld("# Server\r\nredis_mode:standalone\r\n")).toBeUndefined();
  });
});
