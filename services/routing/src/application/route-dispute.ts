// Routing's use cases: decide where a submitted dispute goes (raising risk alerts), and route a
// case onward when mediation ends in refusal or without agreement.
import { addToOutbox, applyOnce } from "@mediation/bus";
import {
  type CategoryCode,
  type ChannelCode,
  categoryCodec,
  channelCodec,
  type Event,
  events,
  newEvent,
  type OutcomeCode,
  riskLevelCodec,
  shanghaiMonth,
} from "@mediation/contracts";
import type { Collections, DocumentStore } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import { decideOnward } from "../domain/onward.js";
import type { Policy } from "../domain/policy.js";
import { type DisputeFacts, decideRoute, type RiskFinding, type RoutingDecision } from "../domain/route.js";
import { ALERTS, DECISIONS, DISPUTE_FACTS, SIGHTINGS } from "./collections.js";

export interface StoredDecision {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  sequence: number;
  channel: ChannelCode;
  rule: string;
  reason: string;
  mediationFirst: boolean;
  policyVersion: string;
  routedAt: string;
  riskLevel: string;
  alertId: string;
  conditions: RoutingDecision["conditions"];
}

export type StoredFacts = DisputeFacts & { disputeId: string; month: string; submittedAt: string };

type Sighting = { respondentKey: string; disputeId: string; centreCode: string; submittedAt: string };
type StoredAlert = { kind: string; level: string; respondentKey: string; disputeId: string; raisedAt: string; owner: string };

export interface RouteDeps {
  store: DocumentStore;
  policy: () => Policy;
  eventsStored(): void;
  now?: () => Date;
}

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

const DAY_MS = 86_400_000;
const RISK_KINDS = { MUST_REPORT: 1, MASS_CLAIMANTS: 2, SAME_RESPONDENT: 3 } as const;

/** Records the respondents and counts this dispute with the others against each in the window. */
async function countAgainstRespondents(tx: Collections, d: SubmittedDispute, withinDays: number) {
  const sightings = tx.collection<Sighting>(SIGHTINGS.name);
  const at = d.submittedAt.toISOString();
  const since = new Date(d.submittedAt.getTime() - withinDays * DAY_MS).toISOString();
  let worst = { key: "", related: [] as Sighting[] };
  for (const key of new Set(d.respondentKeys)) {
    await sightings.put(
      `${key}:${d.disputeId}`,
      { respondentKey: key, disputeId: d.disputeId, centreCode: d.centreCode, submittedAt: at },
      0,
    );
    const related = await sightings.find({ where: { respondentKey: key }, range: { field: "submittedAt", gte: since, lte: at } });
    if (related.length > worst.related.length) worst = { key, related };
  }
  return worst;
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
      .collection<StoredFacts>(DISPUTE_FACTS.name)
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
      if (raised.event) outbox.push(raised.event);
    }
    stored = {
      disputeId: d.disputeId,
      centreCode: d.centreCode,
      category: d.category,
      sequence: 1,
      channel: decision.channel,
      rule: decision.rule,
      reason: decision.reason,
      mediationFirst: decision.mediationFirst,
      policyVersion: decision.policyVersion,
      routedAt: routedAt.toISOString(),
      riskLevel: decision.riskLevel,
      alertId,
      conditions: decision.conditions,
    };
    await tx.collection<StoredDecision>(DECISIONS.name).put(`${d.disputeId}:1`, stored, 0);
    outbox.push(routedEvent(stored, d.submittedAt, d.preferredMediatorId, event.id, routedAt));
    await addToOutbox(tx, outbox);
  });
  if (applied) deps.eventsStored();
  return stored;
}

/**
 * One alert per dispute for must-report and mass claimants; one per respondent per window for
 * repeated disputes, so the sixth dispute joins the alert the fifth raised.
 */
async function raiseAlert(
  tx: Collections,
  d: SubmittedDispute,
  decision: RoutingDecision,
  respondent: { key: string; related: Sighting[] },
  policy: Policy,
  now: Date,
  causationId: string,
): Promise<{ alertId: string; event?: Event }> {
  const alerts = tx.collection<StoredAlert>(ALERTS.name);
  const top = decision.risks.find((r) => r.level === decision.riskLevel) as RiskFinding;
  if (top.kind === "SAME_RESPONDENT") {
    const since = new Date(d.submittedAt.getTime() - policy.risk.sameRespondent.withinDays * DAY_MS).toISOString();
    const [open] = await alerts.find({ where: { respondentKey: respondent.key }, range: { field: "raisedAt", gte: since }, limit: 1 });
    if (open) return { alertId: open.id };
  }
  const alertId = uuidv7();
  await alerts.put(
    alertId,
    {
      kind: top.kind,
      level: top.level,
      respondentKey: top.kind === "SAME_RESPONDENT" ? respondent.key : "",
      disputeId: d.disputeId,
      raisedAt: now.toISOString(),
      owner: decision.owner,
    },
    0,
  );
  const related = top.kind === "SAME_RESPONDENT" ? respondent.related : [];
  const event = newEvent(
    {
      $case: "riskAlertRaised",
      value: events.RiskAlertRaised.fromPartial({
        alertId,
        disputeId: d.disputeId,
        centreCode: d.centreCode,
        category: categoryCodec.fromCode(d.category),
        level: riskLevelCodec.fromCode(top.level),
        kind: RISK_KINDS[top.kind],
        owner: decision.owner,
        count: top.count,
        relatedDisputeIds: related.map((s) => s.disputeId),
        centreCodes: [...new Set(related.map((s) => s.centreCode))].sort(),
        raisedAt: now,
      }),
    },
    { correlationId: d.disputeId, causationId },
    now,
  );
  return { alertId, event };
}

function routedEvent(
  decision: StoredDecision,
  submittedAt: Date | undefined,
  preferredMediatorId: string,
  causationId: string,
  routedAt: Date,
): Event {
  return newEvent(
    {
      $case: "disputeRouted",
      value: events.DisputeRouted.fromPartial({
        disputeId: decision.disputeId,
        centreCode: decision.centreCode,
        category: categoryCodec.fromCode(decision.category),
        channel: channelCodec.fromCode(decision.channel),
        rule: decision.rule,
        reason: decision.reason,
        mediationFirst: decision.mediationFirst,
        policyVersion: decision.policyVersion,
        routedAt,
        submittedAt,
        sequence: decision.sequence,
        riskLevel: decision.riskLevel ? riskLevelCodec.fromCode(decision.riskLevel as never) : 0,
        alertId: decision.alertId,
        preferredMediatorId,
      }),
    },
    { correlationId: decision.disputeId, causationId },
    routedAt,
  );
}

export interface ClosedCase {
  disputeId: string;
  channel: ChannelCode;
  outcome: OutcomeCode;
}

/** Routes a case onward after refusal or no agreement; publishes the next `dispute.routed`. */
export async function routeOnward(deps: RouteDeps, event: Event, closed: ClosedCase): Promise<StoredDecision | undefined> {
  let stored: StoredDecision | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    const decisions = tx.collection<StoredDecision>(DECISIONS.name);
    const history = await decisions.find({ where: { disputeId: closed.disputeId } });
    const first = history.find((h) => h.sequence === 1);
    // The case exists only because routing decided; its decision must be here. Retry until it is.
    if (!first) throw new Error(`no routing decision for dispute ${closed.disputeId} yet`);
    const onward = decideOnward(first.category, closed.channel, closed.outcome, deps.policy());
    if (!onward) return;
    const routedAt = (deps.now ?? (() => new Date()))();
    const sequence = Math.max(...history.map((h) => h.sequence)) + 1;
    const { id: _id, version: _version, ...firstDecision } = first;
    const decision: StoredDecision = {
      ...firstDecision,
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
    await addToOutbox(tx, [routedEvent(decision, undefined, "", event.id, routedAt)]);
  });
  if (applied) deps.eventsStored();
  return stored;
}
