// Intake follows every event about its disputes, as the other services do: one durable consumer
// whose steps build the progress read model (GetDispute's timeline, ListDisputes' filters).
import type { EventBus, Subscription } from "@mediation/bus";
import type { DocumentStore } from "@mediation/store";
import { recordStep } from "../../application/timeline.js";
import { stepOf } from "./steps.js";

export async function subscribeIntake(bus: EventBus, store: DocumentStore): Promise<Subscription[]> {
  const progress = await bus.subscribe({
    durable: "intake-progress",
    kind: "all",
    handle: async (event) => {
      const found = stepOf(event);
      if (found) await recordStep(store, event, found.disputeId, found.step, found.started);
    },
  });
  return [progress];
}
