import { addToOutbox, applyOnce } from "@mediation/bus/outbox";
import type { ChannelCode, Event, OutcomeCode } from "@mediation/contracts";
import { documentOf } from "@mediation/store";
import { decideOnward } from "../domain/onward.js";
import { recordDecision } from "./audit.js";
import { DECISIONS } from "./collections.js";
import { disputeRouted } from "./events.js";
import type { RouteDeps, StoredDecision } from "./records.js";

export interface ClosedCase {
  disputeId: string;
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
      mediationFirst: false,
      policyVersion: deps.policy().version,
      routedAt: routedAt.toISOString(),
      riskLevel: "",
      alertId: "",
      conditions: [{ description: `mediation in ${closed.channel} closed ${closed.outcome}`, held: true }],
    };
    stored = decision;
    await decisions.put(`${closed.disputeId}:${sequence}`, decision, 0);
    await recordDecision(tx, decision);
    await addToOutbox(tx, [disputeRouted(decision, undefined, "", event.id, routedAt)]);
  });
  if (applied) deps.eventsStored();
  return stored;
}
