// The centre under test: the four services as separate processes, from their compiled JavaScript
// when `pnpm build` has made it, else from their sources through tsx (and it says which). Each run
// has its own event namespace, Redis key prefix, data folder, roster and free ports.
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SERVICE_NODE_FLAGS } from "@mediation/config";
import { tempDir, uniqueName } from "@mediation/testkit";
import { deleteStreams, flushQueues, testKeys } from "../../support/centre-fixture.js";
import { type ServiceProcess, startServiceProcess } from "../../support/service-process.js";
import { onCleanup, track } from "./cleanup.js";
import { keepOutput, STALL_MS, type Stall, stallCollector } from "./service-output.js";

export const SERVICES = ["intake", "routing", "mediation", "statistics"] as const;
export type Service = (typeof SERVICES)[number];

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");
export const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const PORT_VARIABLE: Record<Service, string> = {
  intake: "INTAKE_GRPC_PORT",
  routing: "ROUTING_GRPC_PORT",
  mediation: "MEDIATION_GRPC_PORT",
  statistics: "STATISTICS_GRPC_PORT",
};

const builtMain = (service: Service) => join(REPO_ROOT, "services", service, "dist", "main.js");
/** Compiled when every service and package has its dist/ (what `pnpm build` makes). */
export function isBuilt(): boolean {
  const packages = ["bus", "config", "contracts", "grpc-kit", "runtime", "store", "telemetry"];
  return (
    SERVICES.every((s) => existsSync(builtMain(s))) && packages.every((p) => existsSync(join(REPO_ROOT, "packages", p, "dist", "index.js")))
  );
}

export interface Mediator {
  mediatorId: string;
  centreCode: string;
}

export interface Centre {
  namespace: string;
  dataDir: string;
  built: boolean;
  addresses: Record<Service, string>;
  authSecret: string;
  processes: Record<Service, ServiceProcess>;
  /** Milliseconds from spawn to the service's "listening" line, at each start of it. */
  startMs: Record<Service, number[]>;
  /** Starts that failed and were tried again, with the reason each gave. */
  failedStarts: string[];
  /** The event-loop stalls and store commits of STALL_MS or more the services logged since `sinceMs` (epoch ms). */
  stallsSince(sinceMs: number): Stall<Service>[];
  stop(service: Service): Promise<void>;
  start(service: Service): Promise<number>;
  stopAll(): Promise<void>;
  /** Another instance of a service on its own event namespace, Redis prefix and data folder (its streams are the caller's). */
  startOther(service: Service, namespace: string): Promise<{ address: string; stop(): Promise<void> }>;
}

/** The roster: `mediators` at 1,000 open cases each (the most the roster allows), people's mediation. */
function writeRoster(file: string, mediators: Mediator[]): void {
  const roster = mediators.map((m) => ({
    ...m,
    displayName: m.mediatorId,
    channels: ["PEOPLES_MEDIATION"],
    categories: ["FAMILY", "NEIGHBOUR", "SMALL_DEBT"],
    languages: ["zh"],
    maxOpenCases: 1000,
    status: "AVAILABLE",
  }));
  writeFileSync(file, JSON.stringify({ mediators: roster, supervisors: {} }));
}

export async function startBenchCentre(mediators: Mediator[], log: (line: string) => void): Promise<Centre> {
  const namespace = uniqueName("bench");
  const dir = tempDir("bench-system-");
  onCleanup(`data folder ${dir.path}`, () => dir.remove());
  onCleanup(`Redis keys ${namespace}:*`, () => flushQueues(namespace));
  onCleanup(`streams of ${namespace}`, () => deleteStreams(namespace));
  const rosterFile = join(dir.path, "roster.json");
  writeRoster(rosterFile, mediators);
  const keys = testKeys();
  const built = isBuilt();
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  // BENCH_CPU_PROF=<dir>: each service writes a V8 CPU profile there when it stops (docs/benchmarks.md).
  const profile = [
    ...SERVICE_NODE_FLAGS,
    ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ];
  const argsOf = (service: Service) =>
    built
      ? [...profile, builtMain(service)]
      : [...profile, "--conditions=@mediation/source", "--import", tsx, join(REPO_ROOT, "services", service, "src", "main.ts")];
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const envOf = (service: Service, port: string) => ({
    ...inherited,
    ...keys,
    NATS_URL,
    REDIS_URL,
    EVENT_NAMESPACE: namespace,
    QUEUE_PREFIX: namespace,
    DATA_DIR: join(dir.path, service),
    ROSTER_FILE: rosterFile,
    LOG_LEVEL: "info",
    EVENT_LOOP_STALL_MS: String(STALL_MS),
    METRICS_PORT: "0",
    [PORT_VARIABLE[service]]: port,
  });

  const stalls: Stall<Service>[] = [];
  const collectStalls = stallCollector(stalls);
  const processes = {} as Record<Service, ServiceProcess>;
  const addresses = {} as Record<Service, string>;
  const failedStarts: string[] = [];
  const startMs = Object.fromEntries(SERVICES.map((s) => [s, [] as number[]])) as Record<Service, number[]>;
  const attempt = async (service: Service, other?: string): Promise<{ address: string; ms: number }> => {
    // The same port on a restart, so clients already made keep working.
    const port = other ? "0" : (addresses[service]?.split(":").pop() ?? "0");
    const began = performance.now();
    const env = other
      ? { ...envOf(service, port), EVENT_NAMESPACE: other, QUEUE_PREFIX: other, DATA_DIR: join(dir.path, other) }
      : envOf(service, port);
    const p = startServiceProcess(argsOf(service), REPO_ROOT, env);
    track(p.child);
    keepOutput(other ?? service, p);
    if (other) others.push(p);
    else processes[service] = p;
    const address = await Promise.race([
      p.address,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${service} did not listen within 120 s`)), 120_000).unref()),
    ]).catch(async (error: Error) => {
      p.child.kill("SIGKILL");
      await p.exited;
      throw error;
    });
    return { address, ms: performance.now() - began };
  };
  const start = async (service: Service): Promise<number> => {
    // On a busy machine a start can time out against NATS ("could not open consumers: timeout"):
    // tried three times, and each failure is shown.
    let started: { address: string; ms: number } | undefined;
    for (let tries = 1; !started; tries++) {
      try {
        started = await attempt(service);
      } catch (error) {
        const lines = (error as Error).message.split("\n");
        const failure = `${service} failed to start (try ${tries} of 3): ${(lines.find((l) => l.includes('"err"')) ?? lines[0] ?? "").slice(0, 300)}`;
        failedStarts.push(failure);
        log(failure);
        if (tries === 3) throw error;
      }
    }
    const { address, ms } = started;
    const p = processes[service];
    // Keep only recent lines, a long run logs a lot; the stalls among them first.
    setInterval(() => {
      collectStalls(service, p.lines);
      p.lines.splice(0, Math.max(0, p.lines.length - 200));
    }, 5000).unref();
    addresses[service] = address;
    startMs[service].push(ms);
    log(`${service} listening at ${address} after ${ms.toFixed(0)} ms (pid ${p.child.pid})`);
    return ms;
  };
  const stop = async (service: Service) => {
    const p = processes[service];
    const killer = setTimeout(() => p.child.kill("SIGKILL"), 15_000);
    await p.stop();
    clearTimeout(killer);
  };
  const others: ServiceProcess[] = [];
  const stopAll = async () => {
    await Promise.all(SERVICES.filter((s) => processes[s]).map(stop));
    await Promise.all(others.map((p) => p.stop()));
  };
  const startOther = async (service: Service, other: string) => {
    onCleanup(`Redis keys ${other}:*`, () => flushQueues(other));
    const { address, ms } = await attempt(service, other);
    log(`${service} of ${other} listening at ${address} after ${ms.toFixed(0)} ms`);
    const p = others.at(-1) as ServiceProcess;
    return { address, stop: async () => void (await p.stop()) };
  };
  onCleanup("the services", stopAll);
  for (const service of SERVICES) await start(service);
  return {
    namespace,
    dataDir: dir.path,
    built,
    addresses,
    authSecret: keys.AUTH_SECRET,
    processes,
    startMs,
    failedStarts,
    stallsSince: (sinceMs) => {
      for (const service of SERVICES) if (processes[service]) collectStalls(service, processes[service].lines);
      return stalls.filter((s) => s.atMs >= sinceMs).sort((a, b) => a.atMs - b.atMs);
    },
    stop,
    start,
    stopAll,
    startOther,
  };
}
