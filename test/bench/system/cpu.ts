// Where the processor time goes during a phase: CPU seconds (user + system) of each service, of the
// NATS and Redis servers and of this client, read from /proc at the phase's start and end (cpuPhase).
// Divided by the disputes offered in the phase, it says what one dispute costs each process; summed
// and divided by the phase's length and the cores, whether the machine was the limit. cpuTimeline
// looks every 50 ms, so that a moment of the phase can be told apart from its whole (tail.ts).
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on Linux for every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** A process's /proc/<pid>/stat: its command name, when it started (ticks after boot), user and system CPU seconds. */
function readStat(pid: number | string): { name: string; startedAt: number; user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime and starttime are fields 14, 15 and 22 of the whole line, 12, 13 and 20 after the name.
  return {
    name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    startedAt: Number(fields[19]),
    user: Number(fields[11]) / TICKS_PER_SECOND,
    system: Number(fields[12]) / TICKS_PER_SECOND,
  };
}

/** User and system CPU seconds a process has used so far, or undefined if it is gone. */
export function userSystemSeconds(pid: number | undefined): [number, number] | undefined {
  if (pid === undefined) return undefined;
  try {
    const { user, system } = readStat(pid);
    return [user, system];
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

/** This benchmark's own process, counted beside the ones named. */
export const CLIENT = "the client (this benchmark)";
/** A process's name in a table's cell: the client without its explanation. */
export const shortName = (name: string) => (name === CLIENT ? "the client" : name);

/** CPU seconds so far of each process named that is still there, and of this client. */
function secondsNow(pids: Record<string, number | undefined>): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const used = cpuSeconds(pid);
    if (used !== undefined) seconds[name] = used;
  }
  const self = process.cpuUsage();
  seconds[CLIENT] = (self.user + self.system) / 1e6;
  return seconds;
}

/** Starts counting for the processes named; `stop()` gives what each used since. */
export function cpuPhase(pids: Record<string, number | undefined>): { stop(): CpuUse } {
  const began = performance.now();
  const before = secondsNow(pids);
  return {
    stop() {
      const seconds: Record<string, number> = {};
      for (const [name, end] of Object.entries(secondsNow(pids))) {
        const start = before[name];
        if (start !== undefined) seconds[name] = end - start;
      }
      return { seconds, wallSeconds: (performance.now() - began) / 1000 };
    },
  };
}

/** One look of cpuTimeline: each process's CPU seconds so far, and the whole machine's busy seconds. */
export interface CpuTick {
  /** performance.now() of the look. */
  atMs: number;
  seconds: Record<string, number>;
  /** Busy seconds of all cores since boot (/proc/stat: all but idle and waiting for the disk). */
  machine: number;
  /** Of those, seconds in the kernel's interrupt handlers (irq, softirq: the loopback network's packets, the disk's completions). */
  interrupts: number;
  /** Processes started on the machine since boot. */
  started: number;
  /** Every 5th look: each process of the machine by pid, its command name, start and CPU seconds so far. */
  everyProcess?: Map<number, ProcessSeen>;
}

/** The looks of a phase, and the pids looked at by name (the rest of the machine is what else ran). */
export interface CpuTimeline {
  ticks: CpuTick[];
  known: Set<number>;
}

export interface ProcessSeen {
  /** Its command name; a kernel worker's changes with the work it does. */
  name: string;
  /** When it started (clock ticks after boot): a pid used again is another process. */
  startedAt: number;
  seconds: number;
}

/** Every process's command name, start and CPU seconds so far: about 2 ms for 80 processes here. */
function everyProcess(): Map<number, ProcessSeen> {
  const found = new Map<number, ProcessSeen>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { name, startedAt, user, system } = readStat(entry);
      found.set(Number(entry), { name, startedAt, seconds: user + system });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Busy seconds of all cores since boot, of those in interrupts, and processes started; zeros where /proc/stat is not there. */
function machineSeconds(): { busy: number; interrupts: number; started: number } {
  try {
    const text = readFileSync("/proc/stat", "utf8");
    const fields = text.split("\n", 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal (guest time is inside user already)
    const busy = fields.slice(0, 8).reduce((sum, ticks, i) => (i === 3 || i === 4 ? sum : sum + ticks), 0);
    const started = Number(/^processes (\d+)$/m.exec(text)?.[1] ?? 0);
    return { busy: busy / TICKS_PER_SECOND, interrupts: ((fields[5] ?? 0) + (fields[6] ?? 0)) / TICKS_PER_SECOND, started };
  } catch {
    return { busy: 0, interrupts: 0, started: 0 };
  }
}

/**
 * Looks every `everyMs` at what each process and the machine have used, for a phase, so that a
 * window of it (the slowest disputes' wait) can be compared with the phase's whole (tail.ts); every
 * fifth look also reads every process of the machine, to name what else took the cores.
 */
export function cpuTimeline(pids: Record<string, number | undefined>, everyMs = 50): { stop(): CpuTimeline } {
  const ticks: CpuTick[] = [];
  const look = () => {
    const seconds = secondsNow(pids);
    const all = ticks.length % 5 === 0 ? everyProcess() : undefined;
    const { busy, interrupts, started } = machineSeconds();
    ticks.push({ atMs: performance.now(), seconds, machine: busy, interrupts, started, ...(all ? { everyProcess: all } : {}) });
  };
  look();
  const timer = setInterval(look, everyMs);
  return {
    stop() {
      clearInterval(timer);
      look();
      const last = ticks.at(-1);
      if (last && !last.everyProcess) last.everyProcess = everyProcess();
      const known = new Set([process.pid, ...Object.values(pids).filter((pid) => pid !== undefined)]);
      return { ticks, known };
    },
  };
}
