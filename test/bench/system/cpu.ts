// Where the processor time goes during a phase: CPU seconds (user + system) of each service, of the
// NATS and Redis servers and of this client, read from /proc at the phase's start and end. Divided by
// the disputes offered in the phase, it says what one dispute costs each process; summed and divided
// by the phase's length and the cores, whether the machine was the limit.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on Linux for every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** User and system CPU seconds a process has used so far, or undefined if it is gone. */
export function userSystemSeconds(pid: number | undefined): [number, number] | undefined {
  if (pid === undefined) return undefined;
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return [Number(fields[11]) / TICKS_PER_SECOND, Number(fields[12]) / TICKS_PER_SECOND];
  } catch {
    return undefined;
  }
}

/** CPU seconds a process has used so far (user + system), or undefined if it is gone. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  const times = userSystemSeconds(pid);
  return times && times[0] + times[1];
}

/** The first process whose command name (/proc/<pid>/comm) is `name`, e.g. the local nats-server. */
export function pidNamed(name: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

export interface CpuUse {
  /** CPU seconds each process used during the phase. */
  seconds: Record<string, number>;
  /** The phase's length in seconds. */
  wallSeconds: number;
}

/** Starts counting for the processes named; `stop()` gives what each used since. */
export function cpuPhase(pids: Record<string, number | undefined>): { stop(): CpuUse } {
  const began = performance.now();
  const selfBefore = process.cpuUsage();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return {
    stop() {
      const seconds: Record<string, number> = {};
      for (const [name, pid] of Object.entries(pids)) {
        const start = before[name];
        const end = cpuSeconds(pid);
        if (start !== undefined && end !== undefined) seconds[name] = end - start;
      }
      const self = process.cpuUsage(selfBefore);
      seconds["the client (this benchmark)"] = (self.user + self.system) / 1e6;
      return { seconds, wallSeconds: (performance.now() - began) / 1000 };
    },
  };
}
