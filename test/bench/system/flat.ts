// Submit → offer at saturation once more, after intake, routing and mediation have been given a long
// closed history (history.ts, seedClosedCases): placing one offer must not cost more as cases pile up
// (issue 14, "make it flat"). The same clients, disputes in flight and phase length as the first
// saturated phase, so that the two rates compare.
import type { Centre, Mediator } from "./centre.js";
import { SERVICES } from "./centre.js";
import { type Saturation, saturate, startDriver } from "./drive.js";
import type { SystemOptions } from "./options.js";

/** Starts the four services on the history they hold, saturates them as the first phase did, and stops them. */
export async function saturateWithHistory(
  centre: Centre,
  mediators: Mediator[],
  options: Pick<SystemOptions, "clients" | "inFlight" | "warmupSeconds" | "seconds">,
  timeoutMs: number,
): Promise<Saturation> {
  try {
    for (const s of SERVICES) await centre.start(s);
    const driver = startDriver(centre, options.clients, mediators);
    try {
      return await saturate(driver, options.clients, options.inFlight, options.warmupSeconds * 1000, options.seconds * 1000, timeoutMs);
    } finally {
      driver.close();
    }
  } finally {
    await centre.stopAll();
  }
}
