// One trace per dispute across gRPC and NATS (DESIGN.md §8). The bus injects and extracts W3C
// `traceparent` through the propagator registered here.
import { type Tracer, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

let provider: NodeTracerProvider | undefined;

/** Registers a tracer provider and the W3C propagator once per process. */
export function startTracing(): void {
  if (provider) return;
  provider = new NodeTracerProvider();
  provider.register({ propagator: new W3CTraceContextPropagator() });
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

export function tracer(name: string): Tracer {
  return trace.getTracer(name);
}
