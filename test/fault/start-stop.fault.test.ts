// A service asked to stop while it is still connecting stops what it had and exits 0 by itself,
// within SHUTDOWN_TIMEOUT_MS; one started without a required key refuses to start and names it.
// The peer that accepts TCP but never answers stands for a Redis or a NATS server that hangs: it is
// outside the system.
import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { tempDir, uniqueName } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { deleteStreams, NATS_URL, testKeys } from "../support/centre-fixture.js";

const SHUTDOWN_TIMEOUT_MS = 10_000;

interface LogLine {
  level: number;
  msg: string;
  err?: string;
}

/** Starts one service as `pnpm start` does; `onLine` may signal it. */
function startService(service: string, env: Record<string, string | undefined>, onLine: (line: LogLine) => void = () => undefined) {
  const child = spawn(
    process.execPath,
    ["--conditions=@mediation/source", "--import", "tsx", join(REPO_ROOT, "services", service, "src", "main.ts")],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const lines: LogLine[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const text of parts.filter((t) => t.startsWith("{"))) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, lines, exited };
}

/** Accepts connections and never says a word, holding each socket open. */
async function silentPeer() {
  const sockets: Socket[] = [];
  let connected: () => void = () => undefined;
  const firstConnection = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    firstConnection,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** SIGTERM while the start waits on a silent peer: exit 0 by itself within the bound, never listening. */
async function expectCleanStopWhileConnecting(service: ReturnType<typeof startService>): Promise<void> {
  expect(service.child.exitCode).toBeNull();
  const signalled = Date.now();
  service.child.kill("SIGTERM");
  const code = await service.exited;
  const elapsed = Date.now() - signalled;
  expect(code).toBe(0);
  expect(elapsed).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  const messages = service.lines.map((l) => l.msg);
  expect(messages).not.toContain("listening");
  expect(messages).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
  // It exited by itself: the hard exit at the bound never had to cut it short.
  expect(service.lines.filter((l) => l.level >= 50)).toEqual([]);
}

describe("starting and stopping a service", () => {
  it("stops cleanly on SIGTERM while it is still connecting to a Redis that never answers", async () => {
    const redis = await silentPeer();
    const namespace = uniqueName("startstop");
    const data = tempDir("start-stop-");
    try {
      const service = startService("statistics", {
        ...testKeys(),
        NATS_URL,
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        EVENT_NAMESPACE: namespace,
        DATA_DIR: data.path,
        STATISTICS_GRPC_PORT: "0",
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      });
      await redis.firstConnection;
      // Store and NATS are open by now; the start waits on Redis, which never answers.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await expectCleanStopWhileConnecting(service);
    } finally {
      redis.close();
      data.remove();
      await deleteStreams(namespace);
    }
  }, 60_000);

  it("stops cleanly on SIGTERM while it is still connecting to a NATS server that never answers", async () => {
    const nats = await silentPeer();
    const data = tempDir("start-stop-");
    try {
      const service = startService("routing", {
        ...testKeys(),
        NATS_URL: `nats://127.0.0.1:${nats.port}`,
        EVENT_NAMESPACE: uniqueName("startstop"),
        DATA_DIR: data.path,
        ROUTING_GRPC_PORT: "0",
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      });
      await nats.firstConnection;
      // The store is open; the start waits for NATS to greet it, which it never does.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expectCleanStopWhileConnecting(service);
    } finally {
      nats.close();
      data.remove();
    }
  }, 60_000);

  it("refuses to start without PII_KEY, naming it and how to make one", async () => {
    const { PII_KEY: _unset, ...keys } = testKeys();
    const data = tempDir("start-stop-");
    try {
      const service = startService("intake", { ...keys, NATS_URL, DATA_DIR: data.path, INTAKE_GRPC_PORT: "0" });
      expect(await service.exited).toBe(1);
      const fatal = service.lines.filter((l) => l.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]?.msg).toBe("intake could not start");
      expect(fatal[0]?.err).toContain("PII_KEY: is required");
      expect(fatal[0]?.err).toContain("openssl rand -base64 32");
      expect(service.lines.filter((l) => l.level === 50)).toEqual([]);
      expect(service.lines.map((l) => l.msg)).not.toContain("listening");
    } finally {
      data.remove();
    }
  }, 60_000);
});
