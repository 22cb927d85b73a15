// Which step of a dispute's timeline each event reports, in the domain's terms. Events that say
// nothing about one dispute's progress (roster changes, reports, reminders) give none.
import {
  categoryCodec,
  channelCodec,
  type Event,
  outcomeCodec,
  riskLevelCodec,
  shanghaiMonth,
  withdrawnByCodec,
} from "@mediation/contracts";
import type { Started } from "../../application/timeline.js";
import type { Step } from "../../domain/timeline.js";

export interface EventStep {
  disputeId: string;
  step: Step;
  started?: Started;
}

const iso = (date: Date | undefined, event: Event) => (date ?? event.occurredAt ?? new Date(0)).toISOString();
/** Only the fields that have a value: the step is stored as JSON. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export function stepOf(event: Event): EventStep | undefined {
  const p = event.payload;
  const step = (disputeId: string, at: Date | undefined, fields: Omit<Step, "at" | "eventId">): EventStep => ({
    disputeId,
    step: defined({ ...fields, at: iso(at, event), eventId: event.id }),
  });
  switch (p?.$case) {
    case "disputeSubmitted": {
      const v = p.value;
      const category = categoryCodec.toCode(v.category);
      if (!category) throw new Error(`dispute ${v.disputeId} has no known category (${v.category})`);
      const submittedAt = iso(v.submittedAt, event);
      return {
        ...step(v.disputeId, v.submittedAt, { kind: "SUBMITTED" }),
        started: {
          disputeId: v.disputeId,
          centreCode: v.centreCode,
          caseNumber: v.caseNumber,
          category,
          month: shanghaiMonth(new Date(submittedAt)),
          submittedAt,
        },
      };
    }
    case "disputeRouted": {
      const v = p.value;
      return step(v.disputeId, v.routedAt, {
        // A person's decision on a TRIAGE or DISTRICT_ESCALATION dispute is its routing, whatever its sequence.
        kind: v.sequence > 1 && !v.decidedBy ? "ROUTED_ONWARD" : "ROUTED",
        channel: channelCodec.toCode(v.channel),
        rule: v.rule,
        reason: v.reason,
        reasonEn: v.reasonEn || undefined,
        riskLevel: riskLevelCodec.toCode(v.riskLevel),
        // A person's decision (rule "manual"): who chose the channel.
        personId: v.decidedBy || undefined,
      });
    }
    case "escalationAcknowledged":
      return step(p.value.disputeId, p.value.acknowledgedAt, { kind: "ESCALATION_ACKNOWLEDGED", personId: p.value.acknowledgedBy });
    case "riskAlertAcknowledged":
      return step(p.value.disputeId, p.value.acknowledgedAt, {
        kind: "RISK_ALERT_ACKNOWLEDGED",
        riskLevel: riskLevelCodec.toCode(p.value.level),
        personId: p.value.acknowledgedBy,
      });
    case "guidanceRecorded":
      return step(p.value.disputeId, p.value.givenAt, {
        kind: "GUIDANCE_RECORDED",
        channel: channelCodec.toCode(p.value.channel),
        personId: p.value.givenBy,
        institution: p.value.institution,
      });
    case "riskAlertRaised":
      return step(p.value.disputeId, p.value.raisedAt, {
        kind: "RISK_ALERT",
        riskLevel: riskLevelCodec.toCode(p.value.level),
        personId: p.value.owner,
      });
    case "offerMade":
      return step(p.value.disputeId, p.value.offeredAt, { kind: "OFFERED", personId: p.value.mediatorId, caseId: p.value.caseId });
    case "offerDeclined":
      return step(p.value.disputeId, p.value.declinedAt, { kind: "OFFER_DECLINED", personId: p.value.mediatorId, caseId: p.value.caseId });
    case "offerExpired":
      return step(p.value.disputeId, p.value.expiredAt, { kind: "OFFER_EXPIRED", personId: p.value.mediatorId, caseId: p.value.caseId });
    case "offerWithdrawn":
      return step(p.value.disputeId, p.value.withdrawnAt, {
        kind: "OFFER_WITHDRAWN",
        personId: p.value.mediatorId,
        caseId: p.value.caseId,
      });
    case "caseEscalated":
      return step(p.value.disputeId, p.value.escalatedAt, { kind: "ESCALATED", personId: p.value.supervisorId, caseId: p.value.caseId });
    case "offerAccepted":
      return step(p.value.disputeId, p.value.acceptedAt, {
        kind: "ACCEPTED",
        personId: p.value.mediatorId,
        caseId: p.value.caseId,
        deadlineAt: p.value.deadlineAt?.toISOString(),
      });
    case "caseAssigned":
      return step(p.value.disputeId, p.value.assignedAt, {
        kind: "ASSIGNED",
        personId: p.value.mediatorId,
        caseId: p.value.caseId,
        deadlineAt: p.value.deadlineAt?.toISOString(),
      });
    case "caseReassigned":
      return step(p.value.disputeId, p.value.reassignedAt, {
        kind: "REASSIGNED",
        personId: p.value.toMediatorId,
        caseId: p.value.caseId,
        deadlineAt: p.value.deadlineAt?.toISOString(),
      });
    case "sessionRecorded":
      return step(p.value.disputeId, p.value.heldAt, {
        kind: "SESSION_HELD",
        personId: p.value.mediatorId,
        caseId: p.value.caseId,
        sessionNumber: p.value.sessionNumber,
      });
    case "deadlineExtended":
      return step(p.value.disputeId, event.occurredAt, {
        kind: "DEADLINE_EXTENDED",
        caseId: p.value.caseId,
        deadlineAt: p.value.deadlineAt?.toISOString(),
        previousDeadlineAt: p.value.previousDeadlineAt?.toISOString(),
      });
    case "caseOverdue":
      return step(p.value.disputeId, event.occurredAt, {
        kind: "OVERDUE",
        caseId: p.value.caseId,
        personId: p.value.mediatorId,
        deadlineAt: p.value.deadlineAt?.toISOString(),
      });
    case "caseClosed":
      return step(p.value.disputeId, p.value.closedAt, {
        kind: "CLOSED",
        caseId: p.value.caseId,
        personId: p.value.mediatorId || undefined,
        channel: channelCodec.toCode(p.value.channel),
        outcome: outcomeCodec.toCode(p.value.outcome),
      });
    case "disputeWithdrawn":
      return step(p.value.disputeId, p.value.withdrawnAt, { kind: "WITHDRAWN", withdrawnBy: withdrawnByCodec.toCode(p.value.withdrawnBy) });
    default:
      return undefined;
  }
}
