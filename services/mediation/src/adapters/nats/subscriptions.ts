import type { EventBus, Subscription } from "@mediation/bus";
import { categoryCodec, channelCodec } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import { type MediationDeps, offerRoutedCase } from "../../application/cases.js";

export async function subscribeMediation(bus: EventBus, deps: MediationDeps, logger: Logger): Promise<Subscription[]> {
  const routed = await bus.subscribe({
    durable: "mediation-dispute-routed",
    kind: "disputeRouted",
    handle: async (event) => {
      if (event.payload?.$case !== "disputeRouted") return;
      const value = event.payload.value;
      const category = categoryCodec.toCode(value.category);
      const channel = channelCodec.toCode(value.channel);
      if (!category || !channel) throw new Error(`dispute ${value.disputeId} was routed with an unknown category or channel`);
      const offered = await offerRoutedCase(deps, event, { disputeId: value.disputeId, centreCode: value.centreCode, category, channel });
      if (offered) logger.info({ caseId: offered.caseId, disputeId: offered.disputeId, mediatorId: offered.holderId }, "case offered");
    },
  });
  return [routed];
}
