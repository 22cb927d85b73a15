// `pnpm bench intake`: intake's processor time per SubmitDispute, alone against the real NATS and Redis,
// beside a bare gRPC call to the same process (grpc.health.v1 Check) measured in the same run. The CPU
// seconds are intake's own (/proc/<pid>/stat), so the load this client and other work on the machine
// put on the cores does not count; the ratio between the two is what to compare across runs.
// BENCH_CPU_PROF=<folder> writes intake's V8 CPU profile there; the measured phase's start and end are
// printed in seconds since the process started, to read only that part of the profile.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { credentials, makeGenericClientConstructor } from "@grpc/grpc-js";
import { CentreClients, developmentSigner } from "@mediation/cli";
import { SERVICE_NODE_FLAGS } from "@mediation/config";
import { tempDir, uniqueName } from "@mediation/testkit";
import { deleteStreams, flushQueues, testKeys } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";
import { startServiceProcess } from "../support/service-process.js";
import { cpuSeconds, userSystemSeconds } from "./system/cpu.js";
import { rssMb } from "./system/service-output.js";

const N = Number(process.env.BENCH_N ?? 3000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const ROOT = join(import.meta.dirname, "..", "..");
const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** grpc.health.v1 Check with an empty request (service ""), its answer left undecoded: a bare unary call. */
const Health = makeGenericClientConstructor(
  {
    check: {
      path: "/grpc.health.v1.Health/Check",
      requestStream: false,
      responseStream: false,
      requestSerialize: () => Buffer.alloc(0),
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    },
  },
  "Health",
);

/** Bytes a process has written so far, to files and sockets alike (/proc/<pid>/io wchar). */
const written = (pid: number | undefined) => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);

/** Runs `call` `n` times, `IN_FLIGHT` at once. */
async function inFlight(n: number, call: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < n) await call();
    }),
  );
}

/** Waits until intake has finished what the calls left (its outbox relay, its own timeline consumer). */
async function untilQuiet(pid: number | undefined): Promise<void> {
  for (let tries = 0; tries < 120; tries++) {
    const before = cpuSeconds(pid) ?? 0;
    await sleep(250);
    if ((cpuSeconds(pid) ?? 0) - before <= 0.01) return;
  }
}

const dir = tempDir("bench-intake-");
const namespace = uniqueName("bench");
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
// BENCH_NODE_FLAGS adds Node.js or V8 flags to intake's command line, as for the system benchmark.
const profile = [
  ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
  ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
];
const keys = testKeys();
const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
const spawnedAt = performance.now();
const intake = startServiceProcess(
  [...SERVICE_NODE_FLAGS, ...profile, "--conditions=@mediation/source", "--import", tsx, join(ROOT, "services/intake/src/main.ts")],
  ROOT,
  {
    ...inherited,
    ...keys,
    NATS_URL,
    REDIS_URL,
    EVENT_NAMESPACE: namespace,
    QUEUE_PREFIX: namespace,
    DATA_DIR: dir.path,
    LOG_LEVEL: "info",
    METRICS_PORT: "0",
    INTAKE_GRPC_PORT: "0",
  },
);
const pid = intake.child.pid;
const since = () => ((performance.now() - spawnedAt) / 1000).toFixed(1);
try {
  const address = await intake.address;
  const clients = new CentreClients(
    { intake: address, routing: address, mediation: address, statistics: address },
    developmentSigner(keys.AUTH_SECRET, { expiresIn: "2h" }),
  );
  const health = new Health(address, credentials.createInsecure()) as unknown as {
    check(req: Buffer, cb: (e: Error | null) => void): void;
    close(): void;
  };
  const check = () => new Promise<void>((resolve, reject) => health.check(Buffer.alloc(0), (e) => (e ? reject(e) : resolve())));
  const submit = () => clients.submitDispute(aDispute());
  console.log(`intake (pid ${pid}) at ${address}, ${N} calls each, ${IN_FLIGHT} in flight; warming up`);
  await inFlight(Math.min(500, N), submit);
  await inFlight(Math.min(2000, N), check);
  await untilQuiet(pid);
  const phase = async (name: string, call: () => Promise<unknown>) => {
    const from = since();
    const [user, system] = userSystemSeconds(pid) ?? [0, 0];
    const wrote = written(pid);
    await inFlight(N, call);
    await untilQuiet(pid);
    const [userAfter, systemAfter] = userSystemSeconds(pid) ?? [0, 0];
    const perCall = (s: number) => ((s * 1000) / N).toFixed(3);
    const ms = ((userAfter - user + systemAfter - system) * 1000) / N;
    console.log(
      `  ${name.padEnd(32)} ${ms.toFixed(3)} ms CPU per call (user ${perCall(userAfter - user)}, system ${perCall(systemAfter - system)}; ${((written(pid) - wrote) / N / 1024).toFixed(1)} kB written; RSS ${rssMb(pid)?.toFixed(0)} MB; profile seconds ${from}–${since()})`,
    );
    return ms;
  };
  const bare = await phase("grpc.health.v1 Check (baseline)", check);
  const submitted = await phase("SubmitDispute", submit);
  console.log(`  ratio (SubmitDispute / baseline): ${(submitted / bare).toFixed(1)}x`);
  health.close();
  clients.close();
} finally {
  await intake.stop();
  await flushQueues(namespace);
  await deleteStreams(namespace);
  dir.remove();
}
process.exit(0);
