// NATS (with JetStream) and Redis where NATS_URL and REDIS_URL say (the services read the same
// variables; default: their usual local ports): use them if they answer; otherwise start them from
// PATH with their data under the data folder; otherwise say exactly how to install them.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { delimiter, join } from "node:path";

export interface Endpoint {
  host: string;
  port: number;
}

type Env = Record<string, string | undefined>;

export function answers({ host, port }: Endpoint, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The full path of an executable named `command` in one of PATH's folders, if there is one. */
export function findOnPath(command: string, env: Env = process.env): string | undefined {
  return (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find(isExecutableFile);
}

function endpointOf(variable: string, env: Env, defaultPort: number): Endpoint {
  const value = env[variable]?.split(",")[0]?.trim();
  if (!value) return { host: "127.0.0.1", port: defaultPort };
  try {
    const url = new URL(value.includes("://") ? value : `tcp://${value}`);
    return { host: url.hostname || "127.0.0.1", port: url.port ? Number(url.port) : defaultPort };
  } catch {
    throw new Error(
      `${variable} is "${value}", which is not an address like ${variable === "NATS_URL" ? "nats" : "redis"}://127.0.0.1:${defaultPort}`,
    );
  }
}

/** Where NATS and Redis are expected: the first server in NATS_URL and REDIS_URL, else 127.0.0.1:4222 and :6379. */
export function infrastructureEndpoints(env: Env = process.env): { nats: Endpoint; redis: Endpoint } {
  return { nats: endpointOf("NATS_URL", env, 4222), redis: endpointOf("REDIS_URL", env, 6379) };
}

async function waitUntilAnswers(endpoint: Endpoint, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await answers(endpoint, 200)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was started but does not answer on ${endpoint.host}:${endpoint.port}`);
}

export type InfrastructureReport = Array<{
  name: string;
  endpoint: string;
  state: "running" | "started";
  /** For a server started here: the file holding its process id (`kill $(cat FILE)` stops it). */
  pidFile?: string;
}>;

/** Something the command needs is neither running nor installed: what, and the Debian packages that install it. */
export interface Missing {
  what: string;
  packages: string[];
}

export class MissingInfrastructure extends Error {
  override name = "MissingInfrastructure";
  constructor(readonly missing: Missing[]) {
    super(
      [
        ...missing.map((m) => m.what),
        "Install with:",
        `  sudo apt-get install -y ${missing.flatMap((m) => m.packages).join(" ")}`,
        "then run the command again.",
      ].join("\n"),
    );
  }
}

const address = ({ host, port }: Endpoint) => `${host}:${port}`;

/**
 * Makes sure NATS and Redis answer where NATS_URL and REDIS_URL say, starting them if it can. A
 * server started here runs detached, with its data and pid file under `dataDir`, and outlives this
 * process.
 */
export async function ensureInfrastructure(
  dataDir: string,
  say: (line: string) => void = () => undefined,
  env: Env = process.env,
): Promise<InfrastructureReport> {
  const report: InfrastructureReport = [];
  const { nats, redis } = infrastructureEndpoints(env);
  const missing: Missing[] = [];

  const natsServer = findOnPath("nats-server", env);
  if (await answers(nats)) report.push({ name: "NATS JetStream", endpoint: address(nats), state: "running" });
  else if (natsServer) {
    const dir = join(dataDir, "nats");
    const pidFile = join(dir, "nats-server.pid");
    mkdirSync(dir, { recursive: true });
    say(`starting nats-server with JetStream on ${address(nats)}, data in ${dir}`);
    const args = ["-a", nats.host, "-p", String(nats.port), "-js", "-sd", dir, "-P", pidFile];
    spawn(natsServer, args, { detached: true, stdio: "ignore" }).unref();
    await waitUntilAnswers(nats, "nats-server");
    report.push({ name: "NATS JetStream", endpoint: address(nats), state: "started", pidFile });
  } else missing.push({ what: `NATS does not answer on ${address(nats)} and nats-server is not on PATH.`, packages: ["nats-server"] });

  const redisServer = findOnPath("redis-server", env);
  if (await answers(redis)) report.push({ name: "Redis", endpoint: address(redis), state: "running" });
  else if (redisServer) {
    const dir = join(dataDir, "redis");
    const pidFile = join(dir, "redis-server.pid");
    mkdirSync(dir, { recursive: true });
    say(`starting redis-server on ${address(redis)}, data in ${dir}`);
    const args = ["--daemonize", "yes", "--bind", redis.host, "--port", String(redis.port), "--dir", dir, "--appendonly", "yes"];
    spawnSync(redisServer, [...args, "--pidfile", pidFile]);
    await waitUntilAnswers(redis, "redis-server");
    report.push({ name: "Redis", endpoint: address(redis), state: "started", pidFile });
  } else missing.push({ what: `Redis does not answer on ${address(redis)} and redis-server is not on PATH.`, packages: ["redis-server"] });

  if (missing.length) throw new MissingInfrastructure(missing);
  return report;
}
