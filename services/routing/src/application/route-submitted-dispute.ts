import { addToOutbox, applyOnce } from "@mediation/bus/outbox";
import { type CategoryCode, type ChannelCode, type Event, shanghaiMonth } from "@mediation/contracts";
import { type DisputeFacts, decideRoute } from "../domain/route.js";
import { recordDecision } from "./audit.js";
import { DECISIONS, DISPUTE_FACTS } from "./collections.js";
import { disputeRouted } from "./events.js";
import type { RouteDeps, StoredDecision } from "./records.js";
import { countAgainstRespondents, raiseAlert } from "./risk-alerts.js";
import { openAlertItem, openDecisionItem } from "./work-items.js";

export interface SubmittedDispute {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  claimAmountFen: number;
  claimantCount: number;
  respondentKeys: string[];
  preferredChannel: ChannelCode | "";
  mustReport: boolean;
  preferredMediatorId: string;
  submittedAt: Date;
}

/** Decides the first channel of a submitted dispute and publishes `dispute.routed`, once per event. */
export async function routeSubmittedDispute(deps: RouteDeps, event: Event, d: SubmittedDispute): Promise<StoredDecision | undefined> {
  let stored: StoredDecision | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    const policy = deps.policy();
    const routedAt = (deps.now ?? (() => new Date()))();
    const respondent = await countAgainstRespondents(tx, d, policy.risk.sameRespondent.withinDays);
    const facts: DisputeFacts = {
      category: d.category,
      claimAmountFen: d.claimAmountFen,
      centreCode: d.centreCode,
      claimantCount: d.claimantCount,
      preferredChannel: d.preferredChannel,
      mustReport: d.mustReport,
      disputesAgainstRespondent: respondent.related.length,
    };
    await tx
      .collection(DISPUTE_FACTS)
      .put(
        d.disputeId,
        { ...facts, disputeId: d.disputeId, month: shanghaiMonth(d.submittedAt), submittedAt: d.submittedAt.toISOString() },
        0,
      );
    const decision = decideRoute(facts, policy);
    const outbox: Event[] = [];
    let alertId = "";
    if (decision.riskLevel) {
      const raised = await raiseAlert(tx, d, decision, respondent, policy, routedAt, event.id);
      alertId = raised.alertId;
      if (raised.event) {
        outbox.push(raised.event);
        await openAlertItem(tx, {
          alertId,
          disputeId: d.disputeId,
          centreCode: d.centreCode,
          category: d.category,
          level: decision.riskLevel,
          owner: decision.owner,
          reason: decision.reason,
          reasonEn: decision.reasonEn,
          raisedAt: routedAt.toISOString(),
        });
      }
    }
    stored = {
      disputeId: d.disputeId,
      centreCode: d.centreCode,
      category: d.category,
      sequence: 1,
      channel: decision.channel,
      rule: decision.rule,
      reason: decision.reason,
      reasonEn: decision.reasonEn,
      mediationFirst: decision.mediationFirst,
      policyVersion: decision.policyVersion,
      routedAt: routedAt.toISOString(),
      riskLevel: decision.riskLevel,
      alertId,
      conditions: decision.conditions,
    };
    await tx.collection(DECISIONS).put(`${d.disputeId}:1`, stored, 0);
    await openDecisionItem(tx, stored, d.preferredMediatorId);
    await recordDecision(tx, stored);
    outbox.push(disputeRouted(stored, d.submittedAt, d.preferredMediatorId, event.id, routedAt));
    await addToOutbox(tx, outbox);
  });
  if (applied) deps.eventsStored();
  return stored;
}
