// The events mediation publishes, one builder per kind: each takes the case after the change and
// what the change was about, and states it in the event's terms.
import { categoryCodec, channelCodec, type Event, type EventPayload, events, newEvent, outcomeCodec } from "@mediation/contracts";
import type { Case } from "../domain/case.js";

function caseEvent(c: Case, causationId: string, at: Date, payload: EventPayload): Event {
  return newEvent(payload, { correlationId: c.disputeId, causationId }, at);
}

const facts = (c: Case) => ({
  caseId: c.caseId,
  disputeId: c.disputeId,
  centreCode: c.centreCode,
  category: categoryCodec.fromCode(c.category),
  channel: channelCodec.fromCode(c.channel),
});

export function offerMade(next: Case, causationId: string, now: Date, expiresAt: Date): Event {
  return caseEvent(next, causationId, now, {
    $case: "offerMade",
    value: events.OfferMade.fromPartial({
      ...facts(next),
      offerId: next.offerId,
      mediatorId: next.holderId,
      offeredAt: now,
      expiresAt,
      attempt: next.offers.length,
    }),
  });
}

export function caseEscalated(next: Case, causationId: string, now: Date, reason: events.EscalationReason, failedOffers: number): Event {
  return caseEvent(next, causationId, now, {
    $case: "caseEscalated",
    value: events.CaseEscalated.fromPartial({
      ...facts(next),
      reason,
      escalatedAt: now,
      supervisorId: next.escalatedTo ?? "",
      failedOffers,
    }),
  });
}

export function offerAccepted(next: Case, offerId: string, mediatorId: string, now: Date, deadlineAt: Date): Event {
  return caseEvent(next, offerId, now, {
    $case: "offerAccepted",
    value: events.OfferAccepted.fromPartial({
      ...facts(next),
      offerId,
      mediatorId,
      acceptedAt: now,
      submittedAt: new Date(next.submittedAt),
      deadlineAt,
    }),
  });
}

/** An offer that ended unanswered: `before` is the case while it was open. */
const endedOffer = (before: Case, offerId: string, mediatorId: string) => ({
  offerId,
  caseId: before.caseId,
  disputeId: before.disputeId,
  mediatorId,
  centreCode: before.centreCode,
});

/** `before` is the case while the offer was open: it names the mediator who declined. */
export function offerDeclined(before: Case, after: Case, offerId: string, mediatorId: string, now: Date): Event {
  return caseEvent(after, offerId, now, {
    $case: "offerDeclined",
    value: events.OfferDeclined.fromPartial({ ...endedOffer(before, offerId, mediatorId), declinedAt: now }),
  });
}

export function offerExpired(before: Case, after: Case, offerId: string, now: Date): Event {
  return caseEvent(after, offerId, now, {
    $case: "offerExpired",
    value: events.OfferExpired.fromPartial({ ...endedOffer(before, offerId, before.holderId), expiredAt: now }),
  });
}

export function sessionRecorded(next: Case, mediatorId: string, heldAt: Date, now: Date): Event {
  return caseEvent(next, next.caseId, now, {
    $case: "sessionRecorded",
    value: events.SessionRecorded.fromPartial({
      caseId: next.caseId,
      disputeId: next.disputeId,
      mediatorId,
      heldAt,
      sessionNumber: next.sessions?.length ?? 1,
    }),
  });
}

export function deadlineExtended(next: Case, previousDeadlineAt: Date, now: Date): Event {
  return caseEvent(next, next.caseId, now, {
    $case: "deadlineExtended",
    value: events.DeadlineExtended.fromPartial({
      caseId: next.caseId,
      disputeId: next.disputeId,
      deadlineAt: new Date(next.deadlineAt as string),
      previousDeadlineAt,
    }),
  });
}

export function caseClosed(next: Case, mediatorId: string, now: Date): Event {
  return caseEvent(next, next.caseId, now, {
    $case: "caseClosed",
    value: events.CaseClosed.fromPartial({
      ...facts(next),
      mediatorId,
      outcome: outcomeCodec.fromCode(next.outcome as NonNullable<Case["outcome"]>),
      acceptedAt: next.acceptedAt ? new Date(next.acceptedAt) : undefined,
      closedAt: now,
      submittedAt: new Date(next.submittedAt),
      refusedBy: next.refusedBy ?? "",
      overdue: next.overdue ?? false,
    }),
  });
}

export function deadlineApproaching(next: Case, deadline: string, now: Date): Event {
  return caseEvent(next, deadline, now, {
    $case: "deadlineApproaching",
    value: events.DeadlineApproaching.fromPartial({
      caseId: next.caseId,
      disputeId: next.disputeId,
      mediatorId: next.holderId,
      deadlineAt: new Date(deadline),
    }),
  });
}

export function caseOverdue(next: Case, deadline: string, now: Date): Event {
  return caseEvent(next, deadline, now, {
    $case: "caseOverdue",
    value: events.CaseOverdue.fromPartial({ ...facts(next), mediatorId: next.holderId, deadlineAt: new Date(deadline) }),
  });
}

export function confirmationWindowClosing(next: Case, windowEndsAt: string, now: Date): Event {
  return caseEvent(next, windowEndsAt, now, {
    $case: "confirmationWindowClosing",
    value: events.ConfirmationWindowClosing.fromPartial({
      caseId: next.caseId,
      disputeId: next.disputeId,
      windowEndsAt: new Date(windowEndsAt),
    }),
  });
}

export function caseAssigned(next: Case, supervisorId: string, now: Date): Event {
  return caseEvent(next, supervisorId, now, {
    $case: "caseAssigned",
    value: events.CaseAssigned.fromPartial({
      ...facts(next),
      mediatorId: next.holderId,
      supervisorId,
      assignedAt: now,
      deadlineAt: new Date(next.deadlineAt as string),
      submittedAt: new Date(next.submittedAt),
    }),
  });
}

/** Who moved the case where; the supervisor's reason stays in the case, sealed (docs/architecture.md#events). */
export function caseReassigned(before: Case, next: Case, supervisorId: string, now: Date): Event {
  return caseEvent(next, supervisorId, now, {
    $case: "caseReassigned",
    value: events.CaseReassigned.fromPartial({
      ...facts(next),
      fromMediatorId: before.holderId,
      toMediatorId: next.holderId,
      supervisorId,
      reassignedAt: now,
      deadlineAt: new Date(next.deadlineAt as string),
    }),
  });
}
