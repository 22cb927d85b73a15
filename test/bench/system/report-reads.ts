// GetMonthlyReport read one call after another, once the benchmark has checked that the month's
// report counts every dispute seeded into it: the latencies, sorted.
import { CentreClients, developmentSigner } from "@mediation/cli";
import type { Centre } from "./centre.js";
import { currentMonth } from "./history.js";

export async function reportLatencies(centre: Centre, reads: number, expected: number): Promise<number[]> {
  const clients = new CentreClients(centre.addresses, developmentSigner(centre.authSecret));
  try {
    const month = currentMonth();
    // The seed must be what the service reads: the month's report counts every seeded dispute.
    const received = (await clients.monthlyReport(month)).report?.figures?.received ?? 0;
    if (received < expected) throw new Error(`the report of ${month} counts ${received} disputes received, not the ${expected} seeded`);
    const samples: number[] = [];
    for (let i = 0; i < reads; i++) {
      const t = performance.now();
      await clients.monthlyReport(month);
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    clients.close();
  }
}
