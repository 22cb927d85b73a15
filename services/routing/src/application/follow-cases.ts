// What routing follows of mediation and intake for the queue: a case nobody could take waits for a
// supervisor until it is assigned, offered again or closed; a withdrawn dispute leaves the queue.
// Each event once (inbox), in one transaction with its effect.
import { applyOnce } from "@mediation/bus/outbox";
import type { Event } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { closeCaseItem, closeDisputeItems, type EscalatedCase, type MovedCase, openCaseItem } from "./work-items.js";

export function caseEscalated(store: DocumentStore, event: Event, c: EscalatedCase): Promise<boolean> {
  return applyOnce(store, event, (tx) => openCaseItem(tx, c));
}

/** case.assigned or offer.made: the case has a mediator, or is offered to one again. */
export function caseMovedOn(store: DocumentStore, event: Event, c: MovedCase): Promise<boolean> {
  return applyOnce(store, event, (tx) => closeCaseItem(tx, c));
}

export async function disputeWithdrawn(store: DocumentStore, event: Event, disputeId: string, withdrawnAt: Date): Promise<number> {
  let closed = 0;
  await applyOnce(store, event, async (tx) => {
    closed = await closeDisputeItems(tx, disputeId, withdrawnAt.toISOString());
  });
  return closed;
}
