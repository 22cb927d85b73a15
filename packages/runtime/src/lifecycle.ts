// Graceful shutdown (docs/architecture.md#shutdown): on SIGTERM or SIGINT a service stops taking work, finishes or
// hands back what is in flight, drains NATS and closes its store, in that order, within a bound.
import type { Logger } from "@mediation/telemetry";

export interface Part {
  name: string;
  stop(): Promise<void>;
}

export interface Lifecycle {
  /** Parts stop in the order they were added: add the entry points (gRPC, consumers) first. */
  add(part: Part): void;
  /** Runs the shutdown once; later calls wait for the same one. */
  shutdown(reason: string): Promise<void>;
}

export function lifecycle(logger: Logger, timeoutMs: number): Lifecycle {
  const parts: Part[] = [];
  let stopping: Promise<void> | undefined;

  const run = async (reason: string) => {
    logger.info({ reason }, "shutting down");
    const bound = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown took too long; exiting");
      process.exit(1);
    }, timeoutMs);
    bound.unref();
    for (const part of parts) {
      try {
        await part.stop();
      } catch (error) {
        logger.error({ part: part.name, err: (error as Error).message }, "part failed to stop cleanly");
      }
    }
    clearTimeout(bound);
    logger.info("stopped");
  };

  const self: Lifecycle = {
    add: (part) => void parts.push(part),
    shutdown: (reason) => {
      stopping ??= run(reason);
      return stopping;
    },
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      self.shutdown(signal).then(() => process.exit(0));
    });
  }
  return self;
}

/** Starts a service's `main`, turning a failure to start into one clear line and exit code 1. */
export function runMain(service: string, logger: Logger, main: () => Promise<void>): void {
  main().catch((error: Error) => {
    logger.fatal({ err: error.message }, `${service} could not start`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}
