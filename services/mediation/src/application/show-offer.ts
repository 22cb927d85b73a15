import { type MediationDeps, strip } from "./change-case.js";
import { CASES } from "./collections.js";

/**
 * An `offer.made` event reached this replica: show the offer on its mediator's live streams if it
 * is still open. Every replica follows these events, so a stream sees offers whichever replica made them;
 * a replica with no stream watching that mediator does not read the store.
 */
export async function showOffer(deps: MediationDeps, caseId: string, offerId: string, mediatorId: string): Promise<void> {
  if (!deps.feed.isWatched(mediatorId)) return;
  const found = await deps.store.collection(CASES).get(caseId);
  if (found && found.state === "OFFERED" && found.offerId === offerId) deps.feed.announce(strip(found));
}
