// One trace per dispute across gRPC and NATS (docs/architecture.md#tracing). The bus injects and extracts W3C
// `traceparent` through the propagator registered here. Spans go to an OpenTelemetry collector
// over OTLP/HTTP when the configuration names an endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, e.g.
// http://collector:4318).
import { context, propagation, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

let provider: NodeTracerProvider | undefined;

/**
 * Registers a tracer provider and the W3C propagator once per process; spans are exported only with an endpoint.
 * The OTLP exporter is loaded only then: a service without a collector starts without it.
 */
export async function startTracing(service: string, endpoint?: string): Promise<void> {
  if (provider) return;
  const exporter = endpoint
    ? new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` })
    : undefined;
  if (provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": service, "service.namespace": "mediation-centre" }),
    spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
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

/**
 * Runs `fn` in a span of the trace a record captured (a dispute's, kept with its case), linked to
 * the span active now (the gRPC call that asked for it), so the step joins the dispute's trace.
 * Without a captured trace, the span simply continues the active one.
 */
export function stepInTrace<T>(captured: Record<string, string> | undefined, name: string, fn: () => T): T {
  const caller = trace.getActiveSpan()?.spanContext();
  return inTrace(captured, () =>
    trace.getTracer("@mediation/telemetry").startActiveSpan(name, { links: caller ? [{ context: caller }] : [] }, (span) => {
      const fail = (error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        span.end();
        throw error;
      };
      try {
        const result = fn();
        if (result instanceof Promise)
          return result.then((value) => {
            span.end();
            return value;
          }, fail) as T;
        span.end();
        return result;
      } catch (error) {
        return fail(error);
      }
    }),
  );
}
