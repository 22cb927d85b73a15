// NATS (with JetStream) and Redis: use them if they answer; otherwise start them from PATH with
// their data under .data/; otherwise say exactly how to install them.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { join } from "node:path";

export interface Endpoint {
  host: string;
  port: number;
}

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

const onPath = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;

async function waitUntilAnswers(endpoint: Endpoint, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await answers(endpoint, 200)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was started but does not answer on ${endpoint.host}:${endpoint.port}`);
}

export type InfrastructureReport = Array<{ name: string; endpoint: string; state: "running" | "started" }>;

export class MissingInfrastructure extends Error {
  override name = "MissingInfrastructure";
}

/** Makes sure NATS and Redis answer on their default local ports, starting them if it can. */
export async function ensureInfrastructure(dataDir: string, say: (line: string) => void = () => undefined): Promise<InfrastructureReport> {
  const report: InfrastructureReport = [];
  const nats = { host: "127.0.0.1", port: 4222 };
  const redis = { host: "127.0.0.1", port: 6379 };
  const missing: string[] = [];

  if (await answers(nats)) report.push({ name: "NATS JetStream", endpoint: "127.0.0.1:4222", state: "running" });
  else if (onPath("nats-server")) {
    const dir = join(dataDir, "nats");
    mkdirSync(dir, { recursive: true });
    say(`starting nats-server with JetStream, data in ${dir}`);
    spawn("nats-server", ["-a", nats.host, "-p", String(nats.port), "-js", "-sd", dir], { detached: true, stdio: "ignore" }).unref();
    await waitUntilAnswers(nats, "nats-server");
    report.push({ name: "NATS JetStream", endpoint: "127.0.0.1:4222", state: "started" });
  } else missing.push("nats-server");

  if (await answers(redis)) report.push({ name: "Redis", endpoint: "127.0.0.1:6379", state: "running" });
  else if (onPath("redis-server")) {
    const dir = join(dataDir, "redis");
    mkdirSync(dir, { recursive: true });
    say(`starting redis-server, data in ${dir}`);
    spawnSync("redis-server", [
      "--daemonize",
      "yes",
      "--bind",
      redis.host,
      "--port",
      String(redis.port),
      "--dir",
      dir,
      "--appendonly",
      "yes",
    ]);
    await waitUntilAnswers(redis, "redis-server");
    report.push({ name: "Redis", endpoint: "127.0.0.1:6379", state: "started" });
  } else missing.push("redis-server");

  if (missing.length) {
    const packages = missing.map((m) => (m === "nats-server" ? "nats-server" : "redis-server")).join(" ");
    throw new MissingInfrastructure(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not running and not installed. Install with:\n  sudo apt-get install -y ${packages}\nthen run the command again.`,
    );
  }
  return report;
}
