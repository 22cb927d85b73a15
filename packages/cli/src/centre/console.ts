// Starts the web console (services/console) beside a running centre, as its own process, and
// tells its address. On a development centre it gets the development key, which turns on its
// development sign-in; otherwise it signs people in with OpenID Connect and holds no key.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SERVICE_NODE_FLAGS } from "@mediation/config";
import { REPO_ROOT, type RunningCentre } from "./launch.js";

export const DEFAULT_CONSOLE_PORT = 8080;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface RunningConsoleProcess {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface ConsoleLaunchOptions {
  port?: number;
  /** True when the centre runs on its development key: the console offers development sign-in. */
  development: boolean;
  onLog?: (line: string) => void;
  /** The first start may build the web app: allow for it. */
  startTimeoutMs?: number;
}

export function launchConsole(centre: RunningCentre, options: ConsoleLaunchOptions): Promise<RunningConsoleProcess> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CONSOLE_PORT: String(options.port ?? process.env.CONSOLE_PORT ?? DEFAULT_CONSOLE_PORT),
    MEDIATION_INTAKE_ADDR: centre.addresses.intake,
    MEDIATION_ROUTING_ADDR: centre.addresses.routing,
    MEDIATION_MEDIATION_ADDR: centre.addresses.mediation,
    MEDIATION_STATISTICS_ADDR: centre.addresses.statistics,
    ...(options.development ? { DEV_AUTH_SECRET: centre.authSecret } : {}),
  };
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, "--conditions=@mediation/source", "--import", TSX, join(REPO_ROOT, "services", "console", "src", "main.ts")],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`console did not start in time:\n${recent.join("\n")}`));
    }, options.startTimeoutMs ?? 180_000);
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        options.onLog?.(line);
        const url = /"msg":"listening"/.test(line) ? (JSON.parse(line) as { url?: string }).url : undefined;
        if (url) {
          clearTimeout(timer);
          resolve({ url, process: child, stop });
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`console exited with code ${code} before it listened:\n${recent.join("\n")}`));
    });
  });
}
