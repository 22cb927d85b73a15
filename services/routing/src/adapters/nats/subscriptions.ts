// Translates events into use-case calls. An event routing cannot read is a poison message: the bus
// dead-letters what this throws after its retries.
import type { EventBus, Subscription } from "@mediation/bus";
import { categoryCodec } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import { type RouteDeps, routeSubmittedDispute } from "../../application/route-dispute.js";

export async function subscribeRouting(bus: EventBus, deps: RouteDeps, logger: Logger): Promise<Subscription[]> {
  const submitted = await bus.subscribe({
    durable: "routing-dispute-submitted",
    kind: "disputeSubmitted",
    handle: async (event) => {
      if (event.payload?.$case !== "disputeSubmitted") return;
      const value = event.payload.value;
      const category = categoryCodec.toCode(value.category);
      if (!category) throw new Error(`dispute ${value.disputeId} has no known category (${value.category})`);
      const decision = await routeSubmittedDispute(deps, event, value, {
        category,
        claimAmountFen: Number(value.claimAmountFen),
        centreCode: value.centreCode,
        claimantCount: value.claimantCount,
      });
      if (decision) logger.info({ disputeId: value.disputeId, channel: decision.channel, rule: decision.rule }, "dispute routed");
    },
  });
  return [submitted];
}
