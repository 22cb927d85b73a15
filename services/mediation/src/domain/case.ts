// A mediation case as an explicit state machine: awaiting a mediator → offered → accepted → closed.
// Pure: every transition checks its precondition and returns the next case.
import {
  type CategoryCode,
  type ChannelCode,
  FailedPrecondition,
  type OutcomeCode,
  PermissionDenied,
  Violations,
} from "@mediation/contracts";

export type CaseState = "AWAITING_MEDIATOR" | "OFFERED" | "ACCEPTED" | "CLOSED";

/** One obligation of an agreement (People's Mediation Law art. 28-29): who, what, how, by when. */
export interface Obligation {
  obligor: string;
  terms: string;
  manner: string;
  dueBy: string;
}

export interface OfferRecord {
  offerId: string;
  mediatorId: string;
  offeredAt: string;
  result: "PENDING" | "ACCEPTED";
}

export interface Case {
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
  state: CaseState;
  /** The mediator the case is offered to or accepted by; "" when none. Indexed for load. */
  holderId: string;
  /** The pending offer's id; "" when none. */
  offerId: string;
  /** True while the case counts toward its holder's load. */
  open: boolean;
  offers: OfferRecord[];
  routedAt: string;
  acceptedAt?: string;
  closedAt?: string;
  outcome?: OutcomeCode;
  obligations?: Obligation[];
  refusedBy?: "claimant" | "respondent";
}

export function openCase(facts: Pick<Case, "caseId" | "disputeId" | "centreCode" | "category" | "channel" | "routedAt">): Case {
  return { ...facts, state: "AWAITING_MEDIATOR", holderId: "", offerId: "", open: false, offers: [] };
}

export function offerCase(c: Case, mediatorId: string, offerId: string, now: Date): Case {
  if (c.state !== "AWAITING_MEDIATOR") throw new FailedPrecondition(`case ${c.caseId} is ${c.state}, not awaiting a mediator`);
  return {
    ...c,
    state: "OFFERED",
    holderId: mediatorId,
    offerId,
    open: true,
    offers: [...c.offers, { offerId, mediatorId, offeredAt: now.toISOString(), result: "PENDING" }],
  };
}

export function acceptOffer(c: Case, mediatorId: string, offerId: string, now: Date): Case {
  if (c.state !== "OFFERED" || c.offerId !== offerId) {
    throw new FailedPrecondition(`offer ${offerId} is no longer open (case ${c.caseId} is ${c.state})`);
  }
  if (c.holderId !== mediatorId) throw new PermissionDenied(`offer ${offerId} was made to another mediator`);
  return {
    ...c,
    state: "ACCEPTED",
    offerId: "",
    acceptedAt: now.toISOString(),
    offers: c.offers.map((o) => (o.offerId === offerId ? { ...o, result: "ACCEPTED" } : o)),
  };
}

export interface Closing {
  outcome: OutcomeCode | undefined;
  obligations: Obligation[];
  refusedBy: string;
}

export function closeCase(c: Case, mediatorId: string, closing: Closing, now: Date): Case {
  if (c.holderId !== mediatorId) throw new PermissionDenied(`case ${c.caseId} is not yours`);
  if (c.state !== "ACCEPTED") throw new FailedPrecondition(`case ${c.caseId} is ${c.state}; only an accepted case can be closed`);
  const v = new Violations();
  v.check(closing.outcome !== undefined, "outcome", "is required: AGREEMENT, NO_AGREEMENT, REFUSED or WITHDRAWN");
  if (closing.outcome === "AGREEMENT") {
    // People's Mediation Law art. 28-29: an agreement states what is to be done, how, and by when.
    v.check(closing.obligations.length > 0, "obligations", "an agreement needs at least one obligation");
    closing.obligations.forEach((o, i) => {
      v.check(o.obligor.trim() !== "", `obligations[${i}].obligor`, "is required");
      v.check(o.terms.trim() !== "", `obligations[${i}].terms`, "is required");
      v.check(o.dueBy !== "", `obligations[${i}].due_by`, "is required");
    });
  } else {
    v.check(closing.obligations.length === 0, "obligations", `only an AGREEMENT has obligations, not ${closing.outcome}`);
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
    closedAt: now.toISOString(),
    obligations: closing.obligations,
    ...(closing.outcome === "REFUSED" ? { refusedBy: closing.refusedBy as "claimant" | "respondent" } : {}),
  };
}
