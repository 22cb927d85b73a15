// Who is calling, as the audit trail records it: the token's principal, the peer address and the trace.
import type { Principal } from "@mediation/grpc-kit";
import { isSpanContextValid, trace } from "@opentelemetry/api";
import type { Actor } from "./entry.js";

/** The trace id of the active span (the gRPC server span), or "" when there is none. */
export function currentTraceId(): string {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : "";
}

/** The actor of a gRPC call: `call.getPeer()` gives the address the server saw. */
export function actorOf(who: Principal, call: { getPeer(): string }): Actor {
  return {
    subject: who.subject,
    role: who.role,
    centreCode: who.centreCode,
    mediatorId: who.mediatorId,
    peer: call.getPeer(),
    traceId: currentTraceId(),
  };
}
