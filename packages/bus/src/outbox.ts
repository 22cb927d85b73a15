// No dual writes (docs/architecture.md#outbox): a use case stores its events in the outbox in the same
// transaction as its state change; the relay (relay.ts) publishes them.
import { type Event, eventToStored } from "@mediation/contracts";
import { type Collections, defineCollection } from "@mediation/store";
import { captureTrace } from "@mediation/telemetry";

export type OutboxRow = {
  status: "PENDING" | "SENT";
  event: string;
  type: string;
  storedAt: string;
  sentAt?: string;
  /** The trace the event was caused in, so that the relay publishes it inside the same trace. */
  trace: Record<string, string>;
};

export const OUTBOX = defineCollection<OutboxRow>("outbox", { indexes: ["status", "sentAt"] });

/** Adds events to the outbox inside the caller's transaction. */
export async function addToOutbox(tx: Collections, events: Event[]): Promise<void> {
  const outbox = tx.collection(OUTBOX);
  const trace = captureTrace();
  for (const event of events) {
    await outbox.put(
      event.id,
      { status: "PENDING", event: eventToStored(event), type: event.type, storedAt: new Date().toISOString(), trace },
      0,
    );
  }
}
