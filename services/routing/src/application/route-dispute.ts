import { addToOutbox, applyOnce } from "@mediation/bus";
import { type CategoryCode, channelCodec, type Event, newEvent, type PayloadOf } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { DECISIONS } from "../adapters/store/collections.js";
import { type DisputeFacts, decideRoute, type RoutingDecision, type RoutingPolicy } from "../domain/route.js";

export type StoredDecision = RoutingDecision & {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  sequence: number;
  routedAt: string;
};

export interface RouteDeps {
  store: DocumentStore;
  policy: () => RoutingPolicy;
  eventsStored(): void;
  now?: () => Date;
}

/** Decides the first channel of a submitted dispute and publishes `dispute.routed`, once per event. */
export async function routeSubmittedDispute(
  deps: RouteDeps,
  event: Event,
  submitted: PayloadOf<"disputeSubmitted">,
  facts: DisputeFacts,
): Promise<StoredDecision | undefined> {
  let stored: StoredDecision | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    const routedAt = (deps.now ?? (() => new Date()))();
    const decision = decideRoute(facts, deps.policy());
    stored = {
      ...decision,
      disputeId: submitted.disputeId,
      centreCode: facts.centreCode,
      category: facts.category,
      sequence: 1,
      routedAt: routedAt.toISOString(),
    };
    await tx.collection<StoredDecision>(DECISIONS.name).put(`${submitted.disputeId}:1`, stored, 0);
    await addToOutbox(tx, [
      newEvent(
        {
          $case: "disputeRouted",
          value: {
            disputeId: submitted.disputeId,
            centreCode: submitted.centreCode,
            category: submitted.category,
            channel: channelCodec.fromCode(decision.channel),
            rule: decision.rule,
            reason: decision.reason,
            mediationFirst: decision.mediationFirst,
            policyVersion: decision.policyVersion,
            routedAt,
            submittedAt: submitted.submittedAt,
          },
        },
        { correlationId: submitted.disputeId, causationId: event.id },
        routedAt,
      ),
    ]);
  });
  if (applied) deps.eventsStored();
  return stored;
}
