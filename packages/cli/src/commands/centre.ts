// `mediation centre up` (= `pnpm start`): NATS and Redis, then the four services, until Ctrl-C.
import { join } from "node:path";
import { launchConsole } from "../centre/console.js";
import { ensureInfrastructure } from "../centre/infrastructure.js";
import { REPO_ROOT, type RunningCentre, SERVICES, type ServiceName, startCentre } from "../centre/launch.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const QUIET_KEYS = new Set(["level", "time", "service", "msg", "pid", "hostname"]);

/** One readable line from a service's JSON log line. */
export function formatLogLine(service: ServiceName | "console", line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const details = Object.entries(entry)
      .filter(([key]) => !QUIET_KEYS.has(key))
      .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
      .join(" ");
    const level = LEVELS[entry.level as number] ?? "";
    return `[${service.padEnd(10)}] ${level === "info" ? "" : `${level} `}${entry.msg ?? ""} ${details}`.trimEnd();
  } catch {
    return `[${service.padEnd(10)}] ${line}`;
  }
}

export async function startLocalCentre(out: Output, showLogs: boolean): Promise<RunningCentre> {
  const dataDir = join(REPO_ROOT, ".data");
  out.progress("Checking NATS JetStream and Redis...");
  for (const part of await ensureInfrastructure(dataDir, out.progress)) out.progress(`  ${part.name} ${part.state} at ${part.endpoint}`);
  out.progress(`Starting ${SERVICES.join(", ")} (data in ${dataDir})...`);
  return startCentre({ dataDir, ...(showLogs ? { onLog: (service, line) => console.log(formatLogLine(service, line)) } : {}) });
}

export async function centre(action: string | undefined, out: Output): Promise<void> {
  if (action !== "up") throw new UsageError("mediation centre up   starts the whole centre on this machine");
  const running = await startLocalCentre(out, !out.json);
  const addresses = running.addresses;
  out.progress("Starting the web console...");
  const webConsole = await launchConsole(running, {
    development: !process.env.AUTH_SECRET,
    ...(out.json ? {} : { onLog: (line: string) => console.log(formatLogLine("console", line)) }),
  }).catch(async (error) => {
    await running.stop();
    throw error;
  });
  out.result({ services: addresses, console: webConsole.url }, () =>
    [
      "",
      "The centre is running:",
      table(SERVICES.map((name) => [`  ${name}`, `grpc://${addresses[name]}`])),
      `  console     ${webConsole.url}   (open it in a browser)`,
      "",
      "Try:  pnpm mediation submit --centre JD01 --category FAMILY --summary 'care for mother' --claimant 赵一 --respondent 赵二",
      "      pnpm mediation mediator watch M-JD01-01",
      "Press Ctrl-C to stop.",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    for (const { name, process: child } of [
      ...SERVICES.map((name) => running.services[name]),
      { name: "console", process: webConsole.process },
    ]) {
      child.once("exit", (code) => {
        if (code !== 0) {
          out.progress(`${name} stopped unexpectedly (exit ${code}); stopping the centre.`);
          process.exitCode = 1;
          resolve();
        }
      });
    }
  });
  out.progress("Stopping the centre...");
  await webConsole.stop();
  await running.stop();
}
