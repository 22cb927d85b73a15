// What each event says about who is responsible for its dispute (docs/domain-rules.md#waiting-for-an-owner).
import { channelCodec, type Event, outcomeCodec } from "@mediation/contracts";
import type { DisputeNote } from "../../application/owners.js";
import type { WaitKind } from "../../domain/owner-waits.js";
import { required } from "./facts.js";

const WAITS_AFTER_ROUTING: Record<string, WaitKind> = { TRIAGE: "TRIAGE", DISTRICT_ESCALATION: "ESCALATION" };

export function noteOf(event: Event): DisputeNote | undefined {
  const p = event.payload;
  const note = (disputeId: string, centreCode: string, at: Date | undefined, waits: WaitKind | "", ends = false): DisputeNote => {
    const iso = required(at, "time", event).toISOString();
    return { disputeId, centreCode, mark: { at: iso, eventId: event.id, waits, ...(ends ? { ends } : {}) } };
  };
  switch (p?.$case) {
    case "disputeRouted": {
      const v = p.value;
      const channel = required(channelCodec.toCode(v.channel), "channel", event);
      const routed = note(v.disputeId, v.centreCode, v.routedAt, WAITS_AFTER_ROUTING[channel] ?? "");
      return { ...routed, route: { at: routed.mark?.at ?? "", eventId: event.id, channel } };
    }
    case "escalationAcknowledged":
      return note(p.value.disputeId, p.value.centreCode, p.value.acknowledgedAt, "");
    case "caseEscalated":
      return note(p.value.disputeId, p.value.centreCode, p.value.escalatedAt, "AWAITING_MEDIATOR");
    case "offerMade":
      return note(p.value.disputeId, p.value.centreCode, p.value.offeredAt, "");
    case "offerAccepted":
      return note(p.value.disputeId, p.value.centreCode, p.value.acceptedAt, "");
    case "caseAssigned":
      return note(p.value.disputeId, p.value.centreCode, p.value.assignedAt, "");
    case "caseClosed": {
      // An agreement or a withdrawal ends the dispute; after a refusal or no agreement it is routed onward.
      const outcome = outcomeCodec.toCode(p.value.outcome);
      const ends = outcome === "AGREEMENT" || outcome === "WITHDRAWN";
      return note(p.value.disputeId, p.value.centreCode, p.value.closedAt, "", ends);
    }
    case "disputeWithdrawn":
      return note(p.value.disputeId, p.value.centreCode, p.value.withdrawnAt, "", true);
    case "guidanceRecorded":
      return note(p.value.disputeId, p.value.centreCode, p.value.givenAt, "", true);
    default:
      return undefined;
  }
}
