// One trace per dispute across gRPC and NATS (docs/architecture.md#tracing). The bus injects and extracts W3C
// `traceparent` through the propagator registered here. Spans go to an OpenTelemetry collector
// over OTLP/HTTP when the configuration names an endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, e.g.
// http://collector:4318).
import { context, propagation, type Tracer, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

let provider: NodeTracerProvider | undefined;

/** Registers a tracer provider and the W3C propagator once per process; spans are exported only with an endpoint. */
export function startTracing(service: string, endpoint?: string): void {
  if (provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": service, "service.namespace": "mediation-centre" }),
    spanProcessors: endpoint ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` }))] : [],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
}

/** Sends what is buffered and stops; part of a graceful shutdown. */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

export function tracer(name: string): Tracer {
  return trace.getTracer(name);
}

/** The active trace as a plain record, to keep with work that runs later (an outbox row, a timer). */
export function captureTrace(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `fn` inside the trace a record captured, so its spans join the dispute's trace. */
export function inTrace<T>(captured: Record<string, string> | undefined, fn: () => T): T {
  return context.with(propagation.extract(context.active(), captured ?? {}), fn);
}
