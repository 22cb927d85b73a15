import { addToOutbox, applyOnce } from "@mediation/bus/outbox";
import type { ChannelCode, Event, OutcomeCode } from "@mediation/contracts";
import { documentOf } from "@mediation/store";
import { decideOnward } from "../domain/onward.js";
import { recordDecision } from "./audit.js";
import { DECISIONS } from "./collections.js";
import { disputeRouted } from "./events.js";
import type { RouteDeps, StoredDecision } from "./records.js";
import { closeCaseItem, openDecisionItem } from "./work-items.js";

export interface ClosedCase {
  caseId: string;
  disputeId: string;
  centreCode: string;
  closedAt: Date;
  channel: ChannelCode;
  outcome: OutcomeCode;
}

/** Routes a case onward after refusal or no agreement; publishes the next `dispute.routed`. */
export async function routeOnward(deps: RouteDeps, event: Event, closed: ClosedCase): Promise<StoredDecision | undefined> {
  let stored: StoredDecision | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    const decisions = tx.collection(DECISIONS);
    const history = await decisions.find({ where: { disputeId: closed.disputeId } });
    const first = history.find((h) => h.sequence === 1);
    // The case exists only because routing decided; its decision must be here. Retry until it is.
    if (!first) throw new Error(`no routing decision for dispute ${closed.disputeId} yet`);
    // A closed case no longer waits for a mediator.
    const moved = { caseId: closed.caseId, disputeId: closed.disputeId, centreCode: closed.centreCode, category: first.category };
    await closeCaseItem(tx, { ...moved, at: closed.closedAt.toISOString(), closedBy: "closed" });
    const onward = decideOnward(first.category, closed.channel, closed.outcome, deps.policy());
    if (!onward) return;
    const routedAt = (deps.now ?? (() => new Date()))();
    const sequence = Math.max(...history.map((h) => h.sequence)) + 1;
    const decision: StoredDecision = {
      ...documentOf(first),
      sequence,
      channel: onward.channel,
      rule: onward.rule,
      reason: onward.reason,
      reasonEn: onward.reasonEn,
      mediationFirst: false,
      policyVersion: deps.policy().version,
      routedAt: routedAt.toISOString(),
      riskLevel: "",
      alertId: "",
      conditions: [{ description: `mediation in ${closed.channel} closed ${closed.outcome}`, held: true }],
    };
    stored = decision;
    await decisions.put(`${closed.disputeId}:${sequence}`, decision, 0);
    await openDecisionItem(tx, decision, "");
    await recordDecision(tx, decision);
    await addToOutbox(tx, [disputeRouted(decision, undefined, "", event.id, routedAt)]);
  });
  if (applied) deps.eventsStored();
  return stored;
}
