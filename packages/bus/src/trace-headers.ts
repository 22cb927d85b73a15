// W3C trace context in NATS headers (docs/architecture.md#tracing): NATS has no OpenTelemetry instrumentation we
// trust, so the bus injects and extracts `traceparent` itself.
import type { MsgHdrs } from "@nats-io/transport-node";
import { type Context, context, propagation } from "@opentelemetry/api";

export function injectTrace(headers: MsgHdrs, from: Context = context.active()): void {
  propagation.inject(from, headers, {
    set: (carrier, key, value) => carrier.set(key, value),
  });
}

export function extractTrace(headers: MsgHdrs | undefined): Context {
  if (!headers) return context.active();
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier.get(key) || undefined,
    keys: (carrier) => carrier.keys(),
  });
}
