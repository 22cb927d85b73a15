import { FailedPrecondition, NotFound } from "@mediation/contracts";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { endOfPeriod } from "../domain/channel-periods.js";
import { byId, changeCase, type MediationDeps, requireIds } from "./change-case.js";
import { deadlineExtended } from "./events.js";

export async function extendDeadline(deps: MediationDeps, mediatorId: string, caseId: string, bothPartiesConsent: boolean): Promise<Case> {
  requireIds({ mediator_id: mediatorId, case_id: caseId });
  const changed = await changeCase(deps, byId(caseId), async (c, _tx, now) => {
    const previous = c.deadlineAt ? new Date(c.deadlineAt) : now;
    const extension = deps.settings.periods[c.channel]?.extension;
    if (!extension) throw new FailedPrecondition(`a ${c.channel} case has no extension (CHANNEL_PERIODS)`);
    const next = transition.extendDeadline(c, mediatorId, bothPartiesConsent, endOfPeriod(deps.settings.calendar, previous, extension));
    return { next, events: [deadlineExtended(next, previous, now)] };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  return changed;
}
