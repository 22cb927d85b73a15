// What the benchmark reads off the services' processes: the stalls and slow commits they log, their
// whole output when asked to keep it, and their resident memory.
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServiceProcess } from "../../support/service-process.js";

/** Stalls this long or longer are logged by the services (EVENT_LOOP_STALL_MS) and reported per phase. */
export const STALL_MS = 50;

export interface Stall<S extends string = string> {
  service: S;
  /** When it ended (epoch ms, the log line's time). */
  atMs: number;
  ms: number;
  /** Not a stall: a store commit that took `ms` (SqliteStore's slow commits, logged from STALL_MS). */
  commit?: true;
  /** Where the main thread's time went meanwhile, where Linux says (event-loop-stalls.ts). */
  ranMs?: number;
  waitedForCpuMs?: number;
  sleptMs?: number;
}

/** Collects, once each, the stalls and slow commits in a service's log lines into `stalls`. */
export function stallCollector<S extends string>(stalls: Stall<S>[]): (service: S, lines: string[]) => void {
  return (service, lines) => {
    for (const line of lines) {
      const commit = line.includes('"commitMs"');
      if (!commit && !line.includes('"stalledMs"')) continue;
      const { time, stalledMs, commitMs, ranMs, waitedForCpuMs, sleptMs } = JSON.parse(line) as Stall & {
        time: number;
        stalledMs: number;
        commitMs: number;
      };
      if (stalls.some((s) => s.service === service && s.atMs === time && s.commit === (commit || undefined))) continue;
      stalls.push(
        commit
          ? { service, atMs: time, ms: commitMs, commit: true }
          : { service, atMs: time, ms: stalledMs, ranMs, waitedForCpuMs, sleptMs },
      );
    }
  };
}

/**
 * BENCH_SERVICE_LOGS=<dir>: each service's whole output (its log, and what BENCH_NODE_FLAGS such as
 * --trace-gc print) is appended to <dir>/<service>.log, beside what the benchmark reads of it.
 */
export function keepOutput(name: string, p: ServiceProcess): void {
  const dir = process.env.BENCH_SERVICE_LOGS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, `${name}.log`), { flags: "a" });
  p.child.stdout?.on("data", (chunk: Buffer) => out.write(chunk));
  p.child.stderr?.on("data", (chunk: Buffer) => out.write(chunk));
  p.child.once("close", () => out.end());
}

/** Resident set size of a process in MB, from /proc (Linux); undefined elsewhere or once it exited. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
