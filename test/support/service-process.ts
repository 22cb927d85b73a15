// One service as its own process, started with the command given (built or from sources): it tells
// where it listens by its "listening" log line; its log lines are kept.
import { type ChildProcess, spawn } from "node:child_process";

export interface ServiceProcess {
  child: ChildProcess;
  /** host:port, once the service logged "listening". */
  address: Promise<string>;
  /** Every log line so far, as printed. */
  lines: string[];
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `node ...args` in `cwd` with exactly `env` (nothing inherited, so no NODE_OPTIONS slips in). */
export function startServiceProcess(args: string[], cwd: string, env: Record<string, string | undefined>): ServiceProcess {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const address = new Promise<string>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      stream.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split("\n");
        buffer = parts.pop() ?? "";
        for (const line of parts) {
          lines.push(line);
          if (!line.startsWith("{") || !line.includes('"listening"')) continue;
          const { port, host } = JSON.parse(line) as { port: number; host: string };
          resolve(`${host}:${port}`);
        }
      });
    }
    void exited.then((code) => reject(new Error(`the service exited with code ${code} before it listened:\n${lines.join("\n")}`)));
  });
  address.catch(() => undefined);
  return {
    child,
    address,
    lines,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
