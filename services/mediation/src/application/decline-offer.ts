import { FailedPrecondition } from "@mediation/contracts";
import * as transition from "../domain/case.js";
import { assign } from "./assign.js";
import { byOffer, changeCase, type MediationDeps, requireIds } from "./change-case.js";
import { offerDeclined } from "./events.js";

/** The mediator declines; the case is offered to the next candidate at once. */
export async function declineOffer(deps: MediationDeps, mediatorId: string, offerId: string, reason: string): Promise<void> {
  requireIds({ mediator_id: mediatorId, offer_id: offerId });
  const declined = await changeCase(deps, byOffer(offerId), async (c, tx, now) => {
    const ended = transition.declineOffer(c, mediatorId, offerId, reason);
    const onward = await assign(deps, tx, ended, now, offerId);
    return { next: onward.next, events: [offerDeclined(c, ended, offerId, mediatorId, now), ...onward.events] };
  });
  if (!declined) throw new FailedPrecondition(`offer ${offerId} is no longer open`);
}
