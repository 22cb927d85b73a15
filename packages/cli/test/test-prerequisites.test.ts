// The step `pnpm test` runs first, run as `pnpm test` runs it: a separate process, told where NATS
// and Redis should answer through NATS_URL and REDIS_URL, and given a PATH of our choosing.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@mediation/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { findChromium } from "../src/centre/chromium.js";
import { answers, findOnPath } from "../src/centre/infrastructure.js";
import { REPO_ROOT } from "../src/centre/launch.js";

const SCRIPT = join(REPO_ROOT, "packages", "cli", "scripts", "test-prerequisites.ts");
const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });

function runStep(env: Record<string, string>, dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--conditions=@mediation/source", "--import", "tsx", SCRIPT, "--data-dir", dataDir], {
    cwd: REPO_ROOT,
    env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** What a server says first, or answers to `send`. */
const firstWords = (port: number, send?: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = tcpConnect({ host: "127.0.0.1", port }, () => send && socket.write(send));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once("error", reject);
  });

let scratch: string;
const started: string[] = [];

function newScratch(): { bin: string; data: string } {
  scratch = mkdtempSync(join(tmpdir(), "test-prerequisites-"));
  const bin = join(scratch, "bin");
  mkdirSync(bin);
  return { bin, data: join(scratch, "data") };
}

afterEach(async () => {
  for (const pidFile of started.splice(0)) {
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM");
  }
  rmSync(scratch, { recursive: true, force: true });
});

describe("pnpm test's prerequisites step", () => {
  it("stops with exit code 1 and the line that installs nats-server when NATS does not answer and nats-server is not on PATH", async () => {
    const { bin, data } = newScratch();
    const natsPort = await freePort();
    const result = await runStep({ PATH: bin, NATS_URL: `nats://127.0.0.1:${natsPort}`, REDIS_URL, CHROMIUM_PATH: findChromium() }, data);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`NATS does not answer on 127.0.0.1:${natsPort} and nats-server is not on PATH.`);
    expect(result.stderr.split("\n")).toContain("  sudo apt-get install -y nats-server");
    expect(await answers({ host: "127.0.0.1", port: natsPort })).toBe(false);
  });

  it("stops with exit code 1 and the line that installs Chromium when none is on PATH", async () => {
    const { bin, data } = newScratch();
    const result = await runStep({ PATH: bin, NATS_URL, REDIS_URL }, data);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Chromium is not installed (none of chromium, chromium-browser, google-chrome is on PATH).");
    expect(result.stderr.split("\n")).toContain("  sudo apt-get install -y chromium fonts-noto-cjk");
  });

  it("starts nats-server with JetStream and redis-server from PATH when nothing answers, and leaves them running", async () => {
    const { bin, data } = newScratch();
    for (const server of ["nats-server", "redis-server"]) {
      const found = findOnPath(server);
      expect(found, `this test starts ${server}, which is not on PATH; install it (sudo apt-get install -y ${server})`).toBeDefined();
      symlinkSync(found as string, join(bin, server));
    }
    const [natsPort, redisPort] = [await freePort(), await freePort()];
    started.push(join(data, "nats", "nats-server.pid"), join(data, "redis", "redis-server.pid"));

    const result = await runStep(
      { PATH: bin, NATS_URL: `nats://127.0.0.1:${natsPort}`, REDIS_URL: `redis://127.0.0.1:${redisPort}`, CHROMIUM_PATH: findChromium() },
      data,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`NATS JetStream started at 127.0.0.1:${natsPort}`);
    expect(result.stdout).toContain(`Redis started at 127.0.0.1:${redisPort}`);

    // The step has exited; the servers it started still answer, NATS with JetStream on.
    expect(await firstWords(natsPort)).toMatch(/^INFO .*"jetstream":true/);
    expect(await firstWords(redisPort, "PING\r\n")).toBe("+PONG\r\n");

    for (const pidFile of started.splice(0)) process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM");
    for (const port of [natsPort, redisPort]) {
      await waitFor(async () => ((await answers({ host: "127.0.0.1", port }, 200)) ? undefined : true), { what: `port ${port} to close` });
    }
  });
});
