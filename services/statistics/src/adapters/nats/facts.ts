// The fact each event states, in the domain's terms; events the report does not count give none.
import { categoryCodec, channelCodec, type Event, outcomeCodec, riskLevelCodec } from "@mediation/contracts";
import { daysBetween, type Fact } from "../../domain/tally.js";

export function required<T>(value: T | undefined, what: string, event: Event): T {
  if (value === undefined) throw new Error(`event ${event.id} (${event.type}) has no valid ${what}`);
  return value;
}

/** The fact an event states, or undefined for events the report does not count. */
export function factOf(event: Event): Fact | undefined {
  const p = event.payload;
  const category = (code: number) => required(categoryCodec.toCode(code), "category", event);
  const channel = (code: number) => required(channelCodec.toCode(code), "channel", event);
  const at = (date: Date | undefined) => required(date, "time", event);
  switch (p?.$case) {
    case "disputeSubmitted":
      return { kind: "received", at: at(p.value.submittedAt), centreCode: p.value.centreCode, category: category(p.value.category) };
    case "disputeRouted":
      return {
        kind: "routed",
        at: at(p.value.routedAt),
        centreCode: p.value.centreCode,
        category: category(p.value.category),
        channel: channel(p.value.channel),
        mediationFirst: p.value.mediationFirst,
        sequence: p.value.sequence || 1,
      };
    case "offerAccepted":
      return {
        kind: "accepted",
        at: at(p.value.acceptedAt),
        centreCode: p.value.centreCode,
        category: category(p.value.category),
        channel: channel(p.value.channel),
        mediatorId: p.value.mediatorId,
        daysToAssignment: daysBetween(p.value.submittedAt, p.value.acceptedAt),
      };
    case "caseClosed":
      // A case closed by its dispute's withdrawal before anyone accepted it was never in the backlog.
      if (p.value.disputeWithdrawn && !p.value.acceptedAt) return undefined;
      return {
        kind: "closed",
        at: at(p.value.closedAt),
        centreCode: p.value.centreCode,
        category: category(p.value.category),
        channel: channel(p.value.channel),
        mediatorId: p.value.mediatorId,
        outcome: required(outcomeCodec.toCode(p.value.outcome), "outcome", event),
        daysToClose: daysBetween(p.value.submittedAt, p.value.closedAt),
        byWithdrawal: p.value.disputeWithdrawn,
      };
    case "disputeWithdrawn":
      return { kind: "withdrawn", at: at(p.value.withdrawnAt), centreCode: p.value.centreCode, category: category(p.value.category) };
    case "caseOverdue":
      return {
        kind: "overdue",
        at: at(event.occurredAt),
        centreCode: p.value.centreCode,
        category: category(p.value.category),
        channel: channel(p.value.channel),
        mediatorId: p.value.mediatorId,
      };
    case "guidanceRecorded":
      return {
        kind: "guidance",
        at: at(p.value.givenAt),
        centreCode: p.value.centreCode,
        category: category(p.value.category),
        channel: channel(p.value.channel),
      };
    case "riskAlertRaised":
      return {
        kind: "alert",
        at: at(p.value.raisedAt),
        centreCode: p.value.centreCode,
        category: category(p.value.category),
        level: required(riskLevelCodec.toCode(p.value.level), "risk level", event),
      };
    default:
      return undefined;
  }
}
