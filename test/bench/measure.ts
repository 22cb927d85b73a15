// Timing and memory of one piece of work, for benchmarks that compare against a baseline run
// in the same process on the same machine.
export interface Measurement {
  name: string;
  operations: number;
  ms: number;
  perSecond: number;
  heapDeltaMb: number;
}

export async function measure(name: string, operations: number, work: () => Promise<void> | void): Promise<Measurement> {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  await work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const heapDeltaMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  return { name, operations, ms, perSecond: (operations / ms) * 1000, heapDeltaMb };
}

export function report(title: string, baseline: Measurement, subject: Measurement): void {
  const row = (m: Measurement) =>
    `  ${m.name.padEnd(44)} ${m.operations.toString().padStart(6)} ops  ${m.ms.toFixed(0).padStart(7)} ms  ${m.perSecond.toFixed(0).padStart(8)} ops/s  heap ${m.heapDeltaMb >= 0 ? "+" : ""}${m.heapDeltaMb.toFixed(1)} MB`;
  console.log(`\n${title}`);
  console.log(row(baseline));
  console.log(row(subject));
  console.log(`  ratio (subject time / baseline time): ${(subject.ms / baseline.ms).toFixed(2)}x`);
}
