import type { EventBus, Subscription } from "@mediation/bus";
import { categoryCodec, channelCodec } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import type { MediationDeps } from "../../application/change-case.js";
import { offerRoutedCase } from "../../application/offer-routed-case.js";
import { showOffer } from "../../application/show-offer.js";
import { withdrawDisputeCases } from "../../application/withdraw-case.js";

export async function subscribeMediation(bus: EventBus, deps: MediationDeps, logger: Logger): Promise<Subscription[]> {
  const routed = await bus.subscribe({
    durable: "mediation-dispute-routed",
    kind: "disputeRouted",
    handle: async (event, delivery) => {
      const v = event.payload.value;
      const category = categoryCodec.toCode(v.category);
      const channel = channelCodec.toCode(v.channel);
      if (!category || !channel) throw new Error(`dispute ${v.disputeId} was routed with an unknown category or channel`);
      const opened = await offerRoutedCase(
        deps,
        event,
        {
          disputeId: v.disputeId,
          centreCode: v.centreCode,
          category,
          channel,
          preferredMediatorId: v.preferredMediatorId,
          submittedAt: (v.submittedAt ?? v.routedAt ?? new Date()).toISOString(),
        },
        // The timers wait for the batch's commit, so that the batch does not hold the store while Redis answers.
        delivery.afterCommit,
      );
      if (opened)
        logger.info(
          { caseId: opened.caseId, disputeId: opened.disputeId, state: opened.state, mediatorId: opened.holderId || undefined },
          "case opened",
        );
    },
  });
  // Live offers for WatchAssignments, from the events every replica sees.
  const offers = await bus.follow("offerMade", async (event) => {
    const { caseId, offerId, mediatorId } = event.payload.value;
    await showOffer(deps, caseId, offerId, mediatorId);
  });
  const withdrawn = await bus.subscribe({
    durable: "mediation-dispute-withdrawn",
    kind: "disputeWithdrawn",
    handle: async (event) => {
      const { disputeId } = event.payload.value;
      const closed = await withdrawDisputeCases(deps, event, disputeId);
      logger.info({ disputeId, caseIds: closed.map((c) => c.caseId) }, "dispute withdrawn; its open cases closed");
    },
  });
  // Withdrawn offers leave the live streams of whichever replica shows them.
  const withdrawnOffers = await bus.follow("offerWithdrawn", async (event) => {
    deps.feed.withdraw(event.payload.value.mediatorId, event.payload.value.offerId);
  });
  return [routed, offers, withdrawn, withdrawnOffers];
}
