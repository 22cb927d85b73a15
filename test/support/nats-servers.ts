// Real nats-server processes for a test: one with the deploy accounts, or three as a JetStream
// cluster, on free loopback ports with their stores in a temp dir that stop() removes.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { type TempDir, tempDir } from "@mediation/testkit";

export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? "nats-server";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface NatsNode {
  name: string;
  port: number;
  url: string;
  /** Starts the process (again, after a kill) and waits until it accepts clients. */
  start(): Promise<void>;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  logs(): string[];
}

function natsNode(name: string, port: number, args: string[], env: Record<string, string>): NatsNode {
  let child: ChildProcess | undefined;
  const lines: string[] = [];
  return {
    name,
    port,
    url: `nats://127.0.0.1:${port}`,
    logs: () => [...lines],
    start: () =>
      new Promise<void>((resolve, reject) => {
        const process_ = spawn(NATS_SERVER, ["-a", "127.0.0.1", "-p", String(port), "-n", name, ...args], {
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child = process_;
        const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${lines.slice(-20).join("\n")}`)), 20_000);
        let buffer = "";
        const onData = (chunk: Buffer) => {
          buffer += chunk.toString();
          const parts = buffer.split("\n");
          buffer = parts.pop() ?? "";
          for (const line of parts) {
            lines.push(line);
            if (line.includes("Server is ready")) {
              clearTimeout(timer);
              resolve();
            }
          }
        };
        process_.stdout?.on("data", onData);
        process_.stderr?.on("data", onData);
        process_.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${code}:\n${lines.slice(-20).join("\n")}`));
        });
      }),
    kill: async (signal = "SIGTERM") => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.kill(signal);
      await exited;
    },
  };
}

export interface NatsServers {
  nodes: NatsNode[];
  /** Every node's URL, comma-separated, as NATS_URL takes them. */
  urls: string;
  dir: TempDir;
  stop(): Promise<void>;
}

/** One server with a config file (e.g. the deploy accounts) and JetStream in a temp dir. */
export async function startNatsServer(configFile: string, env: Record<string, string>): Promise<NatsServers> {
  const dir = tempDir("nats-server-");
  const node = natsNode("single", await freePort(), ["-c", configFile, "-js", "-sd", join(dir.path, "store")], env);
  return launch([node], dir);
}

/** Three servers routed to each other as one JetStream cluster. */
export async function startNatsCluster(size = 3): Promise<NatsServers> {
  const dir = tempDir("nats-cluster-");
  const clientPorts: number[] = [];
  const clusterPorts: number[] = [];
  for (let i = 0; i < size; i++) {
    clientPorts.push(await freePort());
    clusterPorts.push(await freePort());
  }
  const routes = clusterPorts.map((p) => `nats-route://127.0.0.1:${p}`).join(",");
  const nodes = clientPorts.map((port, i) =>
    natsNode(
      `n${i + 1}`,
      port,
      [
        "-js",
        "-sd",
        join(dir.path, `n${i + 1}`),
        "--cluster_name",
        "centre",
        "--cluster",
        `nats://127.0.0.1:${clusterPorts[i]}`,
        "--routes",
        routes,
      ],
      {},
    ),
  );
  return launch(nodes, dir);
}

async function launch(nodes: NatsNode[], dir: TempDir): Promise<NatsServers> {
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.kill("SIGTERM")));
    dir.remove();
  };
  try {
    await Promise.all(nodes.map((n) => n.start()));
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, urls: nodes.map((n) => n.url).join(","), dir, stop };
}
