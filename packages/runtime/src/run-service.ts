// A service's process: loads its configuration, then its logger level, tracing and metrics from it, runs
// its start on a service host, and stops the host on SIGTERM or SIGINT (also during start) within
// SHUTDOWN_TIMEOUT_MS. The process then exits by itself, with code 0 after a stop request and 1
// after a failed start; only what outlives the bound is cut short.
import { createLogger, type Logger, startMetrics, startTracing, stopTracing } from "@mediation/telemetry";
import { watchEventLoop } from "./event-loop-stalls.js";
import { type ServiceHost, StartAborted, serviceHost } from "./service-host.js";

/** What the host reads from every service's configuration. */
export interface HostSettings {
  LOG_LEVEL: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  /** Where /metrics is served; default 127.0.0.1 and a free port. */
  METRICS_HOST?: string;
  METRICS_PORT?: number;
  SHUTDOWN_TIMEOUT_MS: number;
  /** A stall of the event loop this long or longer is logged at warn (event-loop-stalls.ts); 0: never. */
  EVENT_LOOP_STALL_MS?: number;
}

/** Before the configuration is read, a stop still has a bound. */
const DEFAULT_TIMEOUT_MS = 10_000;

export type ServiceStart<C> = (host: ServiceHost, config: C, logger: Logger) => Promise<void>;

/** Runs one service process; resolves once it is running, or once a failed or interrupted start has stopped. */
export async function runService<C extends HostSettings>(service: string, loadConfig: () => C, start: ServiceStart<C>): Promise<void> {
  const logger = createLogger(service);
  const host = serviceHost(logger);
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string, exitCode: number) => {
    stopping ??= (async () => {
      process.exitCode = exitCode;
      let stopped = false;
      // The bound: only a stop that hangs, or a handle left open after it, is cut short.
      setTimeout(() => {
        if (stopped) logger.error({ timeoutMs }, "stopped, but something still held the process open; exiting");
        else logger.error({ timeoutMs }, "shutdown took too long; exiting");
        process.exit(stopped ? exitCode : 1);
      }, timeoutMs).unref();
      await host.stop(reason);
      stopped = true;
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(signal, 0));

  try {
    const config = loadConfig();
    logger.level = config.LOG_LEVEL;
    timeoutMs = config.SHUTDOWN_TIMEOUT_MS;
    if (config.EVENT_LOOP_STALL_MS) {
      const threshold = config.EVENT_LOOP_STALL_MS;
      await host.acquire(
        "event loop watch",
        () => watchEventLoop(logger, threshold),
        (stop) => stop(),
      );
    }
    await host.acquire(
      "tracing",
      () => startTracing(service, config.OTEL_EXPORTER_OTLP_ENDPOINT),
      () => stopTracing(),
    );
    // Before the start, so that every part creates its instruments on the real meter.
    const endpoint = await host.acquire(
      "metrics",
      () => startMetrics(service, config.METRICS_HOST ?? "127.0.0.1", config.METRICS_PORT ?? 0),
      (m) => m.stop(),
    );
    logger.info({ metricsPort: endpoint.port, host: config.METRICS_HOST ?? "127.0.0.1" }, "metrics served at /metrics");
    await start(host, config, logger);
  } catch (error) {
    // A stop during start is not a failure, nor is what the stop itself interrupted.
    if (error instanceof StartAborted || host.signal.aborted) return stopping;
    logger.fatal({ err: (error as Error).message }, `${service} could not start`);
    await shutdown("start failed", 1);
  }
}
