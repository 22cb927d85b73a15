// Readiness that means something (docs/architecture.md#health): every few seconds each dependency
// the service needs (NATS, its store, Redis) is checked with a bound on the wait, and grpc.health.v1
// says NOT_SERVING while any of them fails, SERVING again once all answer.
import type { Logger } from "@mediation/telemetry";

/** One dependency's check: resolves when it answered, rejects (or times out) when it did not. */
export type Check = () => Promise<unknown>;

export interface ReadinessOptions {
  checks: Record<string, Check>;
  /** Called when the verdict changes (and once with the first one). */
  onChange(serving: boolean, failing: string[]): void;
  logger: Logger;
  intervalMs?: number;
  timeoutMs?: number;
}

function bounded(check: Check, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([Promise.resolve().then(check), late]).finally(() => clearTimeout(timer));
}

/** Starts checking; the returned function stops it. */
export function watchReadiness(options: ReadinessOptions): () => void {
  const { checks, onChange, logger, intervalMs = 2_000, timeoutMs = 1_500 } = options;
  let serving: boolean | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await bounded(check, timeoutMs);
          return undefined;
        } catch (error) {
          return { name, err: (error as Error).message };
        }
      }),
    );
    if (stopped) return;
    const failing = results.filter((r) => r !== undefined);
    const now = failing.length === 0;
    if (now !== serving) {
      serving = now;
      if (now) logger.info("ready: every dependency answers");
      else logger.warn({ failing }, "not ready: a dependency does not answer");
      onChange(
        now,
        failing.map((f) => f.name),
      );
    }
    timer = setTimeout(() => void round(), intervalMs);
  };
  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
