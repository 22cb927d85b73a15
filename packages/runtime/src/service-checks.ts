// The readiness and metrics every service shares once its parts are up: grpc.health.v1 follows the
// checks of its dependencies, and its BullMQ queue (if it has one) is counted.
import { meter } from "@mediation/telemetry";
import type { QueueWatch } from "./queue-watch.js";
import { type Check, watchReadiness } from "./readiness.js";
import type { ServiceHost } from "./service-host.js";

/** Keeps `server`'s health in step with `checks` until the host stops. */
export function followReadiness(
  host: ServiceHost,
  server: { setServing(serving: boolean): void },
  checks: Record<string, Check>,
  logger: Parameters<typeof watchReadiness>[0]["logger"],
): Promise<() => void> {
  let ready = 0;
  meter("@mediation/runtime")
    .createObservableGauge("mediation.service.ready", { unit: "1", description: "1 while every dependency answers, else 0" })
    .addCallback((observer) => observer.observe(ready));
  return host.acquire(
    "readiness",
    () =>
      watchReadiness({
        checks,
        logger,
        onChange: (serving) => {
          ready = serving ? 1 : 0;
          server.setServing(serving);
        },
      }),
    (stop) => stop(),
  );
}

/** messaging.queue.jobs{state=waiting|delayed|failed} for one BullMQ queue (`queue` label: its name). */
export function observeQueue(watch: QueueWatch, queue: string): void {
  const jobs = meter("@mediation/runtime").createObservableGauge("mediation.queue.jobs", {
    unit: "{job}",
    description: "BullMQ jobs by state",
  });
  jobs.addCallback(async (observer) => {
    const counts = await watch.counts();
    for (const [state, count] of Object.entries(counts)) observer.observe(count, { queue, state });
  });
}
