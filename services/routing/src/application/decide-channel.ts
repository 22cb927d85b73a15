// A person chooses the channel of a dispute routed to TRIAGE, or of an acknowledged
// DISTRICT_ESCALATION: the dispute's next routing decision, rule "manual", published as any other.
import { addToOutbox } from "@mediation/bus/outbox";
import { type ChannelCode, FailedPrecondition, NotFound, Violations } from "@mediation/contracts";
import { documentOf } from "@mediation/store";
import { canActOn, checkManualChannel, checkText, UNDECIDED_CHANNELS } from "../domain/work-queue.js";
import { recordDecision } from "./audit.js";
import { DECISIONS, DISPUTE_FACTS } from "./collections.js";
import { disputeRouted } from "./events.js";
import type { Caller } from "./list-work-queue.js";
import type { RouteDeps, StoredDecision } from "./records.js";
import { disputeItemId, WORK_ITEMS } from "./work-items.js";

export interface ChannelChoice {
  disputeId: string;
  channel: ChannelCode | undefined;
  reason: string;
}

export async function decideChannel(deps: RouteDeps, caller: Caller, choice: ChannelChoice): Promise<StoredDecision> {
  const v = new Violations().check(Boolean(choice.disputeId), "dispute_id", "is required");
  checkText(v, "reason", choice.reason);
  if (!choice.channel) v.add("channel", "is required");
  else if (UNDECIDED_CHANNELS.has(choice.channel)) v.add("channel", `must be a channel that handles the dispute, not ${choice.channel}`);
  v.throwIfAny();
  const decided = await deps.store.transaction(async (tx) => {
    const items = tx.collection(WORK_ITEMS);
    const item = await items.get(disputeItemId(choice.disputeId));
    if (!item || !canActOn(caller.centreCode, item.centreCode)) throw new NotFound(`no dispute ${choice.disputeId} in your queue`);
    if (!item.open) throw new FailedPrecondition(`dispute ${choice.disputeId} no longer waits for a decision (${item.closedBy})`);
    if (item.kind === "ESCALATION")
      throw new FailedPrecondition(`dispute ${choice.disputeId} is escalated to the district: acknowledge it before choosing its channel`);
    checkManualChannel(new Violations(), item.category, choice.channel).throwIfAny();
    const now = (deps.now ?? (() => new Date()))();
    const history = await tx.collection(DECISIONS).find({ where: { disputeId: choice.disputeId } });
    const facts = await tx.collection(DISPUTE_FACTS).get(choice.disputeId);
    const decision: StoredDecision = {
      disputeId: item.disputeId,
      centreCode: item.centreCode,
      category: item.category,
      sequence: Math.max(0, ...history.map((h) => h.sequence)) + 1,
      channel: choice.channel as ChannelCode,
      rule: "manual",
      // The person's own words, in whatever language they wrote: there is no English beside them.
      reason: choice.reason,
      reasonEn: "",
      mediationFirst: false,
      policyVersion: deps.policy().version,
      routedAt: now.toISOString(),
      riskLevel: "",
      alertId: "",
      conditions: [
        { description: `${item.kind === "TRIAGE" ? "triage" : "district escalation"} decided by ${caller.subject}`, held: true },
      ],
      decidedBy: caller.subject,
    };
    await tx.collection(DECISIONS).put(`${decision.disputeId}:${decision.sequence}`, decision, 0);
    await recordDecision(tx, decision);
    await items.put(item.id, { ...documentOf(item), open: false, changedAt: decision.routedAt, closedBy: "decided" }, item.version);
    const submittedAt = facts ? new Date(facts.submittedAt) : undefined;
    await addToOutbox(tx, [disputeRouted(decision, submittedAt, item.preferredMediatorId, `decide:${decision.disputeId}`, now)]);
    return decision;
  });
  deps.eventsStored();
  return decided;
}
