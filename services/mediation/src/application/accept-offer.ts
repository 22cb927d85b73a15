import { FailedPrecondition } from "@mediation/contracts";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { endOfPeriod } from "../domain/channel-periods.js";
import { byOffer, changeCase, type MediationDeps, requireIds } from "./change-case.js";
import { offerAccepted } from "./events.js";

/** The mediator takes the case; its channel's legal period (CHANNEL_PERIODS) starts now. */
export async function acceptOffer(deps: MediationDeps, mediatorId: string, offerId: string): Promise<Case> {
  requireIds({ mediator_id: mediatorId, offer_id: offerId });
  const accepted = await changeCase(deps, byOffer(offerId), async (c, _tx, now) => {
    const period = deps.settings.periods[c.channel];
    if (!period) throw new FailedPrecondition(`channel ${c.channel} has no period in CHANNEL_PERIODS`);
    const deadline = endOfPeriod(deps.settings.calendar, now, period.period);
    const next = transition.acceptOffer(c, mediatorId, offerId, now, deadline);
    return { next, events: [offerAccepted(next, offerId, mediatorId, now, deadline)] };
  });
  if (!accepted) throw new FailedPrecondition(`offer ${offerId} is no longer open; it was answered, withdrawn or expired`);
  return accepted;
}
