// A dispute withdrawn by its street centre ends its case: parties may end mediation at any time
// (People's Mediation Law art. 23). Pure.
import type { Case } from "./case.js";

/**
 * The case closed as WITHDRAWN, with a pending offer withdrawn; undefined when it was already
 * closed (its outcome stands). A mediator who was only offered the case never held it.
 */
export function withdrawCase(c: Case, now: Date): Case | undefined {
  if (c.state === "CLOSED") return undefined;
  const accepted = c.state === "ACCEPTED" || c.state === "IN_MEDIATION";
  return {
    ...c,
    state: "CLOSED",
    open: false,
    holderId: accepted ? c.holderId : "",
    offerId: "",
    outcome: "WITHDRAWN",
    closedAt: now.toISOString(),
    offers: c.offers.map((o) => (o.offerId === c.offerId && o.result === "PENDING" ? { ...o, result: "WITHDRAWN" } : o)),
  };
}

/** The offer that was pending when the case was withdrawn, if any. */
export function pendingOffer(c: Case): { offerId: string; mediatorId: string } | undefined {
  const offer = c.state === "OFFERED" ? c.offers.find((o) => o.offerId === c.offerId && o.result === "PENDING") : undefined;
  return offer ? { offerId: offer.offerId, mediatorId: offer.mediatorId } : undefined;
}
