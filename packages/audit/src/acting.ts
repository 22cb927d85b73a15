// Who a use case acts for, without threading it through every signature. A service's gRPC bindings
// are wrapped with `namingCallers`: each call runs with an empty slot, which the authenticator fills
// with the caller once their token is verified. Work the service starts itself (consumers, timers)
// has no slot and is recorded as the service's own.
import { AsyncLocalStorage } from "node:async_hooks";
import type { UntypedServiceImplementation } from "@grpc/grpc-js";
import type { Authenticator, GrpcServiceBinding } from "@mediation/grpc-kit";
import { actorOf, currentTraceId } from "./actor.js";
import type { Actor } from "./entry.js";

const slots = new AsyncLocalStorage<{ actor?: Actor }>();

/** Runs `fn` as `actor`. */
export function actingAs<R>(actor: Actor, fn: () => R): R {
  return slots.run({ actor }, fn);
}

/** The caller named for this call, or the service itself, with the active trace. */
export function currentActor(service: string): Actor {
  return (
    slots.getStore()?.actor ?? {
      subject: `service:${service}`,
      role: "service",
      centreCode: "",
      mediatorId: "",
      peer: "",
      traceId: currentTraceId(),
    }
  );
}

/** The same authenticator, except that every successful `require` names the caller for the call's slot (see `withCallerSlot`). */
export function namingCallers(auth: Authenticator): Authenticator {
  const naming = Object.create(auth) as Authenticator;
  naming.require = async (call, roles) => {
    const who = await auth.require(call, roles);
    const slot = slots.getStore();
    const peer = (call as { getPeer?: () => string }).getPeer;
    if (slot) slot.actor = actorOf(who, { getPeer: () => (typeof peer === "function" ? peer.call(call) : "") });
    return who;
  };
  return naming;
}

/** The same binding, each of whose calls runs with an empty slot for its caller. */
export function withCallerSlot(binding: GrpcServiceBinding): GrpcServiceBinding {
  const implementation: UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(binding.implementation)) {
    implementation[name] = ((...args: unknown[]) => slots.run({}, () => (handler as (...a: unknown[]) => unknown)(...args))) as never;
  }
  return { ...binding, implementation };
}
