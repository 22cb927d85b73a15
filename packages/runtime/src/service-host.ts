// Graceful start and stop (docs/architecture.md#shutdown). Each part of a service (store, bus, relay, timers,
// consumers, gRPC) is registered the moment it is acquired, and parts stop in reverse order of
// acquisition: the entry points, acquired last, stop taking work first; the store closes last.
// A stop asked for during start ends the start: what is still opening is abandoned (and closed
// if it opens later), and what was acquired is stopped.
import type { Logger } from "@mediation/telemetry";

/** Thrown into a start that a stop request interrupted. */
export class StartAborted extends Error {
  override name = "StartAborted";
}

export interface ServiceHost {
  /** Aborted once a stop is asked for; start-up work that can be cancelled may listen to it. */
  readonly signal: AbortSignal;
  /** Opens a part and registers `close` for it at once; gives up with StartAborted when a stop comes first. */
  acquire<T>(name: string, open: (signal: AbortSignal) => T | Promise<T>, close: (part: T) => unknown): Promise<T>;
  /** Waits for start-up work that owns nothing (a rebuild, a first sync); a stop request ends the wait. */
  wait<T>(work: Promise<T>): Promise<T>;
  /** Stops every acquired part, last acquired first, once; later calls wait for the same stop. */
  stop(reason: string): Promise<void>;
}

interface Part {
  name: string;
  stop(): unknown;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new StartAborted("a stop was requested"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StartAborted("a stop was requested"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export function serviceHost(logger: Logger): ServiceHost {
  const controller = new AbortController();
  const parts: Part[] = [];
  let stopping: Promise<void> | undefined;

  const closeQuietly = async (part: Part) => {
    try {
      await part.stop();
    } catch (error) {
      logger.error({ part: part.name, err: (error as Error).message }, "part failed to stop cleanly");
    }
  };

  return {
    signal: controller.signal,
    async acquire(name, open, close) {
      if (controller.signal.aborted) throw new StartAborted(`${name} not opened: a stop was requested`);
      const opening = Promise.resolve().then(() => open(controller.signal));
      let value: Awaited<typeof opening>;
      try {
        value = await untilAborted(opening, controller.signal);
      } catch (error) {
        if (!(error instanceof StartAborted)) throw new Error(`could not open ${name}: ${(error as Error).message}`, { cause: error });
        // Still opening when the stop came: close it if it ever opens.
        opening.then(
          (late) => closeQuietly({ name, stop: () => close(late) }),
          () => undefined,
        );
        logger.info({ part: name }, "start abandoned while this part was opening");
        throw error;
      }
      const part = { name, stop: () => close(value) };
      if (controller.signal.aborted) {
        await closeQuietly(part);
        throw new StartAborted(`${name} opened after a stop was requested`);
      }
      parts.push(part);
      return value;
    },
    wait: (work) => untilAborted(work, controller.signal),
    stop(reason) {
      stopping ??= (async () => {
        controller.abort();
        logger.info({ reason }, "shutting down");
        for (const part of [...parts].reverse()) await closeQuietly(part);
        logger.info({ reason }, "stopped");
      })();
      return stopping;
    },
  };
}
