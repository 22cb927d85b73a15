// The events routing publishes.
import { categoryCodec, channelCodec, type Event, events, newEvent, riskLevelCodec } from "@mediation/contracts";
import type { RiskFinding } from "../domain/route.js";
import type { StoredDecision } from "./records.js";

const RISK_KINDS = { MUST_REPORT: 1, MASS_CLAIMANTS: 2, SAME_RESPONDENT: 3 } as const;

export interface RaisedAlert {
  alertId: string;
  disputeId: string;
  centreCode: string;
  category: StoredDecision["category"];
  owner: string;
  /** The other disputes against the same respondent, for SAME_RESPONDENT. */
  related: { disputeId: string; centreCode: string }[];
}

export function riskAlertRaised(alert: RaisedAlert, top: RiskFinding, causationId: string, now: Date): Event {
  return newEvent(
    {
      $case: "riskAlertRaised",
      value: events.RiskAlertRaised.fromPartial({
        alertId: alert.alertId,
        disputeId: alert.disputeId,
        centreCode: alert.centreCode,
        category: categoryCodec.fromCode(alert.category),
        level: riskLevelCodec.fromCode(top.level),
        kind: RISK_KINDS[top.kind],
        owner: alert.owner,
        count: top.count,
        relatedDisputeIds: alert.related.map((s) => s.disputeId),
        centreCodes: [...new Set(alert.related.map((s) => s.centreCode))].sort(),
        raisedAt: now,
      }),
    },
    { correlationId: alert.disputeId, causationId },
    now,
  );
}

export function disputeRouted(
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
        reasonEn: decision.reasonEn ?? "",
        mediationFirst: decision.mediationFirst,
        policyVersion: decision.policyVersion,
        routedAt,
        submittedAt,
        sequence: decision.sequence,
        riskLevel: decision.riskLevel ? riskLevelCodec.fromCode(decision.riskLevel as never) : 0,
        alertId: decision.alertId,
        preferredMediatorId,
        decidedBy: decision.decidedBy ?? "",
      }),
    },
    { correlationId: decision.disputeId, causationId },
    routedAt,
  );
}

export function escalationAcknowledged(
  item: { disputeId: string; centreCode: string; category: StoredDecision["category"]; waitingSince: string },
  by: string,
  at: Date,
): Event {
  return newEvent(
    {
      $case: "escalationAcknowledged",
      value: {
        disputeId: item.disputeId,
        centreCode: item.centreCode,
        category: categoryCodec.fromCode(item.category),
        acknowledgedBy: by,
        escalatedAt: new Date(item.waitingSince),
        acknowledgedAt: at,
      },
    },
    { correlationId: item.disputeId, causationId: `acknowledge:${item.disputeId}` },
    at,
  );
}

export function riskAlertAcknowledged(
  item: { alertId: string; disputeId: string; centreCode: string; riskLevel: string; waitingSince: string },
  by: string,
  at: Date,
): Event {
  return newEvent(
    {
      $case: "riskAlertAcknowledged",
      value: {
        alertId: item.alertId,
        disputeId: item.disputeId,
        centreCode: item.centreCode,
        level: item.riskLevel ? riskLevelCodec.fromCode(item.riskLevel as never) : 0,
        acknowledgedBy: by,
        raisedAt: new Date(item.waitingSince),
        acknowledgedAt: at,
      },
    },
    { correlationId: item.disputeId, causationId: `acknowledge:${item.alertId}` },
    at,
  );
}
