// A mediation case as an explicit state machine:
//   awaiting a mediator → offered → accepted → in mediation → closed
// with declines and expiries going back to "awaiting". Pure: each transition checks its
// precondition and returns the next case.
import {
  type CategoryCode,
  type ChannelCode,
  FailedPrecondition,
  type OutcomeCode,
  PermissionDenied,
  Violations,
} from "@mediation/contracts/domain";
import { checkObligations, type Obligation } from "./obligations.js";

export type CaseState = "AWAITING_MEDIATOR" | "OFFERED" | "ACCEPTED" | "IN_MEDIATION" | "CLOSED";

export type { Obligation } from "./obligations.js";

export interface OfferRecord {
  offerId: string;
  mediatorId: string;
  offeredAt: string;
  expiresAt: string;
  result: "PENDING" | "ACCEPTED" | "DECLINED" | "EXPIRED" | "WITHDRAWN";
  declineReason?: string;
}

export interface Case {
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
  state: CaseState;
  /** The mediator the case is offered to or held by; "" when none. Indexed for load. */
  holderId: string;
  /** The pending offer's id; "" when none. */
  offerId: string;
  /** True while the case counts toward its holder's load. */
  open: boolean;
  offers: OfferRecord[];
  preferredMediatorId: string;
  submittedAt: string;
  routedAt: string;
  /** The supervisor the case went to when no mediator could take it. */
  escalatedTo?: string;
  /** The supervisor who named the mediator, when the case was assigned rather than accepted. */
  assignedBy?: string;
  acceptedAt?: string;
  deadlineAt?: string;
  deadlineExtended?: boolean;
  /** The deadline a reminder was already sent for. */
  reminderSentFor?: string;
  overdue?: boolean;
  sessions?: Array<{ heldAt: string; note: string }>;
  closedAt?: string;
  outcome?: OutcomeCode;
  obligations?: Obligation[];
  refusedBy?: "claimant" | "respondent";
  partiesToldOfOtherRoutes?: boolean;
  /** Art. 33: judicial confirmation may be applied for jointly within 30 days. */
  confirmationWindowEndsAt?: string;
  confirmationReminderSent?: boolean;
  /** The dispute's W3C trace context, captured when the case opened: later steps join that trace. */
  trace?: Record<string, string>;
  /** True once the retention period ended: notes, obligations and reasons were erased (docs/domain-rules.md#retention). */
  personalDataErased?: boolean;
  /** Each time a supervisor moved the accepted case to another mediator, with the reason (sealed, never in an event). */
  reassignments?: Reassignment[];
}

export interface Reassignment {
  at: string;
  fromMediatorId: string;
  toMediatorId: string;
  supervisorId: string;
  /** The supervisor's own words: may name people. */
  reason: string;
}

const iso = (d: Date) => d.toISOString();
export const isOpenWork = (c: Case) => c.state === "ACCEPTED" || c.state === "IN_MEDIATION";
export const failedOffers = (c: Case) => c.offers.filter((o) => o.result === "DECLINED" || o.result === "EXPIRED").length;
/** Mediators this case was already offered to, who are not asked again. */
export const alreadyAsked = (c: Case) => new Set(c.offers.map((o) => o.mediatorId));

export function openCase(
  facts: Pick<Case, "caseId" | "disputeId" | "centreCode" | "category" | "channel" | "routedAt" | "submittedAt" | "preferredMediatorId">,
): Case {
  return { ...facts, state: "AWAITING_MEDIATOR", holderId: "", offerId: "", open: false, offers: [] };
}

export function offerCase(c: Case, mediatorId: string, offerId: string, now: Date, expiresAt: Date): Case {
  if (c.state !== "AWAITING_MEDIATOR") throw new FailedPrecondition(`case ${c.caseId} is ${c.state}, not awaiting a mediator`);
  const { escalatedTo: _, ...rest } = c;
  return {
    ...rest,
    state: "OFFERED",
    holderId: mediatorId,
    offerId,
    open: true,
    offers: [...c.offers, { offerId, mediatorId, offeredAt: iso(now), expiresAt: iso(expiresAt), result: "PENDING" }],
  };
}

function endOffer(c: Case, offerId: string, result: "DECLINED" | "EXPIRED", declineReason?: string): Case {
  return {
    ...c,
    state: "AWAITING_MEDIATOR",
    holderId: "",
    offerId: "",
    open: false,
    offers: c.offers.map((o) => (o.offerId === offerId ? { ...o, result, ...(declineReason ? { declineReason } : {}) } : o)),
  };
}

function requireOpenOffer(c: Case, mediatorId: string, offerId: string): void {
  if (c.state !== "OFFERED" || c.offerId !== offerId)
    throw new FailedPrecondition(`offer ${offerId} is no longer open (case ${c.caseId} is ${c.state})`);
  if (c.holderId !== mediatorId) throw new PermissionDenied(`offer ${offerId} was made to another mediator`);
}

export function declineOffer(c: Case, mediatorId: string, offerId: string, reason: string): Case {
  requireOpenOffer(c, mediatorId, offerId);
  const v = new Violations();
  v.check(reason.trim().length > 0 && reason.length <= 500, "reason", "say briefly why (at most 500 characters)");
  v.throwIfAny();
  return endOffer(c, offerId, "DECLINED", reason.trim());
}

/** The offer's time ran out; undefined when the timer is stale (the offer was already answered). */
export function expireOffer(c: Case, offerId: string): Case | undefined {
  if (c.state !== "OFFERED" || c.offerId !== offerId) return undefined;
  return endOffer(c, offerId, "EXPIRED");
}

/** No mediator could take the case: it goes to the centre's supervisor. Never silent. */
export function escalateCase(c: Case, supervisorId: string): Case {
  return { ...c, state: "AWAITING_MEDIATOR", holderId: "", offerId: "", open: false, escalatedTo: supervisorId };
}

export function acceptOffer(c: Case, mediatorId: string, offerId: string, now: Date, deadlineAt: Date): Case {
  requireOpenOffer(c, mediatorId, offerId);
  // The offer's time is what counts, not whether its expiry timer has fired yet.
  const expiresAt = c.offers.find((o) => o.offerId === offerId)?.expiresAt;
  if (expiresAt && now.getTime() >= new Date(expiresAt).getTime())
    throw new FailedPrecondition(`offer ${offerId} expired at ${expiresAt}; it can no longer be accepted`);
  return {
    ...c,
    state: "ACCEPTED",
    offerId: "",
    acceptedAt: iso(now),
    deadlineAt: iso(deadlineAt),
    offers: c.offers.map((o) => (o.offerId === offerId ? { ...o, result: "ACCEPTED" } : o)),
  };
}

function requireHolder(c: Case, mediatorId: string): void {
  if (c.holderId !== mediatorId) throw new PermissionDenied(`case ${c.caseId} is not yours`);
  if (!isOpenWork(c)) throw new FailedPrecondition(`case ${c.caseId} is ${c.state}; it must be accepted and not closed`);
}

export function recordSession(c: Case, mediatorId: string, heldAt: Date, note: string): Case {
  requireHolder(c, mediatorId);
  const v = new Violations();
  v.check(note.length <= 2000, "note", "at most 2000 characters");
  v.check(
    !c.acceptedAt || heldAt.getTime() >= new Date(c.acceptedAt).getTime() - 60_000,
    "held_at",
    "cannot be before the case was accepted",
  );
  v.throwIfAny();
  return { ...c, state: "IN_MEDIATION", sessions: [...(c.sessions ?? []), { heldAt: iso(heldAt), note }] };
}

/** People's mediation: extendable once when both parties agree (docs/domain-rules.md#deadlines). */
export function extendDeadline(c: Case, mediatorId: string, bothPartiesConsent: boolean, newDeadline: Date): Case {
  requireHolder(c, mediatorId);
  if (!bothPartiesConsent) throw new FailedPrecondition("an extension needs both parties' consent");
  if (c.deadlineExtended) throw new FailedPrecondition(`the deadline of case ${c.caseId} was already extended once`);
  return { ...c, deadlineAt: iso(newDeadline), deadlineExtended: true, overdue: false };
}

/** The deadline passed while the case was open; undefined when the timer is stale. */
export function markOverdue(c: Case, deadlineAt: string): Case | undefined {
  if (!isOpenWork(c) || c.deadlineAt !== deadlineAt || c.overdue) return undefined;
  return { ...c, overdue: true };
}

export function markReminded(c: Case, deadlineAt: string): Case | undefined {
  if (!isOpenWork(c) || c.deadlineAt !== deadlineAt || c.reminderSentFor === deadlineAt) return undefined;
  return { ...c, reminderSentFor: deadlineAt };
}

export function markConfirmationReminded(c: Case): Case | undefined {
  if (c.outcome !== "AGREEMENT" || c.confirmationReminderSent) return undefined;
  return { ...c, confirmationReminderSent: true };
}

export interface Closing {
  outcome: OutcomeCode | undefined;
  obligations: Obligation[];
  refusedBy: string;
  /** NO_AGREEMENT: the parties were told of the other routes (People's Mediation Law art. 26). */
  partiesToldOfOtherRoutes: boolean;
}

export function closeCase(c: Case, mediatorId: string, closing: Closing, now: Date, confirmationWindowEndsAt: Date): Case {
  requireHolder(c, mediatorId);
  const v = new Violations();
  v.check(closing.outcome !== undefined, "outcome", "is required: AGREEMENT, NO_AGREEMENT, REFUSED or WITHDRAWN");
  // Guidance ends a terminal channel at intake (RecordGuidance); a mediation case never closes with it.
  v.check(
    closing.outcome !== "GUIDANCE_GIVEN",
    "outcome",
    "GUIDANCE_GIVEN is recorded by the centre on a terminal channel, not by a mediator",
  );
  if (closing.outcome === "AGREEMENT") {
    // People's Mediation Law art. 28-29: an agreement states what is to be done, how, and by when.
    v.check(closing.obligations.length > 0, "obligations", "an agreement needs at least one obligation");
    checkObligations(v, closing.obligations, c.acceptedAt ?? c.routedAt, now);
  } else {
    v.check(closing.obligations.length === 0, "obligations", `only an AGREEMENT has obligations, not ${closing.outcome}`);
  }
  if (closing.outcome === "NO_AGREEMENT") {
    // Art. 26: when mediation fails, the mediator tells the parties how else to seek redress.
    v.check(closing.partiesToldOfOtherRoutes, "parties_told_of_other_routes", "confirm that the parties were told of the other routes");
  }
  if (closing.outcome === "REFUSED") {
    // Art. 17, 23: mediation is voluntary; a refusal is recorded with who refused.
    v.check(closing.refusedBy === "claimant" || closing.refusedBy === "respondent", "refused_by", "must be claimant or respondent");
  }
  v.throwIfAny();
  return {
    ...c,
    state: "CLOSED",
    open: false,
    outcome: closing.outcome as OutcomeCode,
    closedAt: iso(now),
    obligations: closing.obligations,
    ...(closing.outcome === "REFUSED" ? { refusedBy: closing.refusedBy as "claimant" | "respondent" } : {}),
    ...(closing.outcome === "NO_AGREEMENT" ? { partiesToldOfOtherRoutes: true } : {}),
    ...(closing.outcome === "AGREEMENT" ? { confirmationWindowEndsAt: iso(confirmationWindowEndsAt) } : {}),
  };
}
