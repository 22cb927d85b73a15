// A watchdog on the event loop: a timer meant to fire every TICK_MS. When it fires later than that by
// the threshold or more, the service did nothing else meanwhile (a long synchronous step, a garbage
// collection pause, or no free processor), and every request in flight waited as long: said at warn.
import type { Logger } from "@mediation/telemetry";

const TICK_MS = 20;

/** Logs each stall of `thresholdMs` or longer; returns stop. */
export function watchEventLoop(logger: Pick<Logger, "warn">, thresholdMs: number, now: () => number = () => performance.now()): () => void {
  let last = now();
  const timer = setInterval(() => {
    const at = now();
    const late = at - last - TICK_MS;
    last = at;
    if (late >= thresholdMs)
      logger.warn(
        { stalledMs: Math.round(late) },
        "the event loop stalled: every request in flight waited (a long step, a GC pause, or no free processor)",
      );
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
