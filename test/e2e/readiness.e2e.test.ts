// Readiness that means something: with its own Redis stopped under it, a running mediation service
// reports NOT_SERVING on grpc.health.v1, and SERVING again once Redis is back. The Redis here is
// this test's own, on a free loopback port: the shared one is never stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { healthStatus } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  await waitFor(
    async () => {
      const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === "PONG" ? true : undefined;
      } finally {
        probe.disconnect();
      }
    },
    { what: `redis-server on port ${port}` },
  );
  return child;
}

const stopRedis = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

describe("readiness follows the dependencies", () => {
  let f: CentreFixture;
  let redis: ChildProcess;
  let redisPort: number;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    f = await startTestCentre(
      { mediators: [{ mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] }] },
      {},
      { serviceEnv: { mediation: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } } },
    );
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
    if (redis) await stopRedis(redis);
  });

  it("turns NOT_SERVING while Redis is away and SERVING when it returns", async () => {
    const address = f.centre.addresses.mediation;
    const status = (want: string) => async () => ((await healthStatus(address, 1_000)) === want ? want : undefined);
    await waitFor(status("SERVING"), { what: "mediation SERVING", timeoutMs: 10_000 });

    await stopRedis(redis);
    expect(await waitFor(status("NOT_SERVING"), { what: "mediation NOT_SERVING", timeoutMs: 15_000 })).toBe("NOT_SERVING");
    // The other services do not use this Redis and stay ready.
    expect(await healthStatus(f.centre.addresses.intake)).toBe("SERVING");

    redis = await startRedis(redisPort);
    expect(await waitFor(status("SERVING"), { what: "mediation SERVING again", timeoutMs: 20_000 })).toBe("SERVING");
  }, 60_000);
});
