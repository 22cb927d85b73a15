// The host in a real process: signals during and after start, a failed start, and that the process
// then exits by itself (the hard exit at SHUTDOWN_TIMEOUT_MS never has to cut it short).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const FIXTURE = fileURLToPath(new URL("./fixtures/hosted-service.ts", import.meta.url));
const TIMEOUT_MS = 5000;

interface Run {
  lines: Array<{ level: number; msg: string; err?: string }>;
  code: number | null;
  /** From the signal (or from the start when none is sent) to the exit. */
  elapsedMs: number;
}

function runFixture(mode: string, signalAfter?: { line: string; signal: NodeJS.Signals }): Promise<Run> {
  const child = spawn(process.execPath, ["--conditions=@mediation/source", "--import", "tsx", FIXTURE], {
    env: { ...process.env, HOSTED_MODE: mode, SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Run["lines"] = [];
  let since = Date.now();
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const text of parts.filter(Boolean)) {
      const line = JSON.parse(text) as Run["lines"][number];
      lines.push(line);
      if (signalAfter && line.msg === signalAfter.line) {
        since = Date.now();
        child.kill(signalAfter.signal);
      }
    }
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ lines, code, elapsedMs: Date.now() - since })));
}

const messages = (run: Run) => run.lines.map((l) => l.msg);

describe("a hosted service process", () => {
  it("stops on SIGTERM once running, and exits 0 by itself", async () => {
    const run = await runFixture("run", { line: "listening", signal: "SIGTERM" });
    expect(run.code).toBe(0);
    expect(messages(run)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
    expect(run.elapsedMs).toBeLessThan(TIMEOUT_MS);
  });

  it("ends the start on SIGINT while a part is still opening, stops what it had, and exits 0 by itself", async () => {
    const run = await runFixture("hang", { line: "opening a part that never answers", signal: "SIGINT" });
    expect(run.code).toBe(0);
    expect(messages(run)).toContain("stopped");
    expect(messages(run)).not.toContain("listening");
    expect(run.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(run.elapsedMs).toBeLessThan(TIMEOUT_MS);
  });

  it("on a failure during start says so in one line, stops what it had, and exits 1 by itself", async () => {
    const run = await runFixture("fail");
    expect(run.code).toBe(1);
    const errors = run.lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: "hosted could not start", err: "could not open nats: cannot reach NATS at nats://127.0.0.1:1" });
    expect(messages(run)).toContain("stopped");
  });
});
