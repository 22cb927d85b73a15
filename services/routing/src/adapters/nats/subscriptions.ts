// Translates events into use-case calls. An event routing cannot read is a poison message: the bus
// dead-letters what this throws after its retries.
import type { EventBus, Subscription } from "@mediation/bus";
import { categoryCodec, channelCodec, outcomeCodec } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import type { RouteDeps } from "../../application/records.js";
import { routeOnward } from "../../application/route-onward.js";
import { routeSubmittedDispute } from "../../application/route-submitted-dispute.js";
import { subscribeQueue } from "./follow-queue.js";

export async function subscribeRouting(bus: EventBus, deps: RouteDeps, logger: Logger): Promise<Subscription[]> {
  const submitted = await bus.subscribe({
    durable: "routing-dispute-submitted",
    kind: "disputeSubmitted",
    handle: async (event) => {
      const v = event.payload.value;
      const category = categoryCodec.toCode(v.category);
      if (!category) throw new Error(`dispute ${v.disputeId} has no known category (${v.category})`);
      if (!v.submittedAt) throw new Error(`dispute ${v.disputeId} has no submission time`);
      const decision = await routeSubmittedDispute(deps, event, {
        disputeId: v.disputeId,
        centreCode: v.centreCode,
        category,
        claimAmountFen: Number(v.claimAmountFen),
        claimantCount: v.claimantCount,
        respondentKeys: v.respondentKeys,
        preferredChannel: channelCodec.toCode(v.preferredChannel) ?? "",
        mustReport: v.mustReport,
        preferredMediatorId: v.preferredMediatorId,
        submittedAt: v.submittedAt,
      });
      if (decision)
        logger.info(
          { disputeId: v.disputeId, channel: decision.channel, rule: decision.rule, riskLevel: decision.riskLevel || undefined },
          "dispute routed",
        );
    },
  });
  const closed = await bus.subscribe({
    durable: "routing-case-closed",
    kind: "caseClosed",
    handle: async (event) => {
      const v = event.payload.value;
      const channel = channelCodec.toCode(v.channel);
      const outcome = outcomeCodec.toCode(v.outcome);
      if (!channel || !outcome) throw new Error(`case ${v.caseId} closed with an unknown channel or outcome`);
      const closedAt = v.closedAt ?? event.occurredAt ?? new Date();
      const decision = await routeOnward(deps, event, {
        caseId: v.caseId,
        disputeId: v.disputeId,
        centreCode: v.centreCode,
        closedAt,
        channel,
        outcome,
      });
      if (decision) logger.info({ disputeId: v.disputeId, channel: decision.channel, rule: decision.rule }, "dispute routed onward");
    },
  });
  return [submitted, closed, ...(await subscribeQueue(bus, deps.store, logger))];
}
