import { NotFound } from "@mediation/contracts";
import type { Case, Closing } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { addDuration } from "../domain/duration.js";
import { byId, changeCase, type MediationDeps, requireIds } from "./change-case.js";
import { caseClosed } from "./events.js";
import { reofferEscalated } from "./reoffer-escalated.js";

export async function closeCase(deps: MediationDeps, mediatorId: string, caseId: string, closing: Closing): Promise<Case> {
  requireIds({ mediator_id: mediatorId, case_id: caseId });
  const changed = await changeCase(deps, byId(caseId), async (c, _tx, now) => {
    const next = transition.closeCase(c, mediatorId, closing, now, addDuration(now, deps.settings.confirmationWindow));
    return { next, events: [caseClosed(next, mediatorId, now)] };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  // The mediator has room again: a case escalated for want of one is offered to them.
  await reofferEscalated(deps, mediatorId, caseId);
  return changed;
}
