// Reads the services' Prometheus /metrics during a test: where each serves it (from its log line
// "metrics served at /metrics"), and the samples it holds now.
import type { CentreFixture } from "./centre-fixture.js";

export type ServiceName = "intake" | "routing" | "mediation" | "statistics";
export const SERVICE_NAMES: ServiceName[] = ["intake", "routing", "mediation", "statistics"];

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The port a service's latest start serves /metrics on. */
export function metricsPort(f: CentreFixture, service: ServiceName): number {
  const lines = f.logs().filter((line) => line.startsWith(`${service}: `) && line.includes("metrics served at /metrics"));
  const last = lines.at(-1);
  if (!last) throw new Error(`${service} has not logged where it serves /metrics`);
  return (JSON.parse(last.slice(service.length + 2)) as { metricsPort: number }).metricsPort;
}

/** Parses the Prometheus text format (one sample a line; comments skipped). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key as string] = value as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

export async function scrape(f: CentreFixture, service: ServiceName): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${metricsPort(f, service)}/metrics`);
  if (!response.ok) throw new Error(`${service} /metrics answered ${response.status}`);
  return parseSamples(await response.text());
}

/** The sum of a metric's samples whose labels include `labels`; undefined when none. */
export function sampleSum(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.length ? matching.reduce((sum, s) => sum + s.value, 0) : undefined;
}
