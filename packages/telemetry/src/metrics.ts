// Metrics for Prometheus (docs/architecture.md#metrics): one MeterProvider per process, read by a
// Prometheus exporter served on the service's own HTTP port at /metrics. Names and units follow the
// OpenTelemetry semantic conventions; labels carry only bounded values, never a person's data or an id.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Meter, metrics } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";

export interface MetricsEndpoint {
  port: number;
  stop(): Promise<void>;
}

/** Millisecond buckets for calls and handlers: 1 ms to 10 s. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];
/** Second buckets for waits measured in minutes to days (an offer waiting, a case's age). */
export const WAIT_BUCKETS_S = [1, 10, 60, 300, 900, 3_600, 4 * 3_600, 86_400, 7 * 86_400, 30 * 86_400];

/** Registers the global MeterProvider and serves /metrics on `host:port` (0 = a free port). */
export async function startMetrics(service: string, host: string, port: number): Promise<MetricsEndpoint> {
  const exporter = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": service, "service.namespace": "mediation-centre" }),
    readers: [exporter],
  });
  metrics.setGlobalMeterProvider(provider);
  const server: Server = createServer((request, response) => {
    if (request.url?.split("?")[0] === "/metrics") exporter.getMetricsRequestHandler(request, response);
    else response.writeHead(404).end("only /metrics is served here\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await provider.shutdown();
      metrics.disable();
    },
  };
}

/** The meter of one part of the code; a no-op until startMetrics has run. */
export function meter(name: string): Meter {
  return metrics.getMeter(name);
}
