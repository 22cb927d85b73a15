// A watchdog on the event loop: a timer meant to fire every TICK_MS. When it fires later than that by
// the threshold or more, the service did nothing else meanwhile, and every request in flight waited
// as long: said at warn, with where the main thread's time went meanwhile (on Linux, from
// /proc/thread-self/schedstat, read at each tick): running (a long step of ours or a garbage
// collection), waiting for a processor (the machine busy with other work), or asleep in the kernel
// (a blocking system call such as a disk sync; up to one tick of it may be the loop's own idle wait).
import { readFileSync } from "node:fs";
import type { Logger } from "@mediation/telemetry";

const TICK_MS = 20;

/** The main thread's processor time and its wait for a processor so far, in ms; undefined where the system does not say. */
export type ThreadTimes = () => { ranMs: number; waitedMs: number } | undefined;

const SCHEDSTAT = "/proc/thread-self/schedstat";

/** Linux's own account of the calling thread (nanoseconds on the CPU, nanoseconds runnable but waiting, timeslices). */
export function schedstatTimes(): ThreadTimes {
  const read = () => {
    try {
      const [ran, waited] = readFileSync(SCHEDSTAT, "utf8").split(" ");
      return { ranMs: Number(ran) / 1e6, waitedMs: Number(waited) / 1e6 };
    } catch {
      // Out of file descriptors under overload, say: this tick's stall is said without its parts.
      return undefined;
    }
  };
  // Not Linux, or a kernel that keeps no account (it reads "0 0 0"): the stall is said without its parts.
  return (read()?.ranMs ?? 0) > 0 ? read : () => undefined;
}

/** Where the thread's time went over `interval` ms, between two readings of `times`. */
function partsOf(interval: number, before: ReturnType<ThreadTimes>, after: ReturnType<ThreadTimes>) {
  if (!before || !after) return {};
  const ranMs = after.ranMs - before.ranMs;
  const waitedForCpuMs = after.waitedMs - before.waitedMs;
  return {
    ranMs: Math.round(ranMs),
    waitedForCpuMs: Math.round(waitedForCpuMs),
    sleptMs: Math.round(Math.max(0, interval - ranMs - waitedForCpuMs)),
  };
}

/** Logs each stall of `thresholdMs` or longer; returns stop. */
export function watchEventLoop(
  logger: Pick<Logger, "warn">,
  thresholdMs: number,
  now: () => number = () => performance.now(),
  times: ThreadTimes = schedstatTimes(),
): () => void {
  let last = now();
  let lastTimes = times();
  const timer = setInterval(() => {
    const at = now();
    const current = times();
    const interval = at - last;
    const late = interval - TICK_MS;
    const before = lastTimes;
    last = at;
    lastTimes = current;
    if (late < thresholdMs) return;
    logger.warn(
      { stalledMs: Math.round(late), ...partsOf(interval, before, current) },
      "the event loop stalled: every request in flight waited (ranMs: a long step or a GC pause; waitedForCpuMs: no free processor; sleptMs: a blocking call, such as a disk sync)",
    );
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
