// A supervisor's hand on a case: naming the mediator of one awaiting a mediator, and handing an
// accepted case to another mediator (the first on leave) with the reason, the deadline unchanged.
import { FailedPrecondition, NotFound, PermissionDenied } from "@mediation/contracts";
import { assignCase, reassignCase } from "../domain/assignment.js";
import type { Case } from "../domain/case.js";
import { endOfPeriod } from "../domain/channel-periods.js";
import { byId, changeCase, type MediationDeps, requireIds } from "./change-case.js";
import { caseAssigned, caseReassigned } from "./events.js";
import { reofferEscalated } from "./reoffer-escalated.js";
import { findMediator } from "./roster.js";

/** Who acts: a centre's supervisor (their centre) or the district (centreCode ""). */
export interface Supervisor {
  subject: string;
  centreCode: string;
}

/** A centre's supervisor acts on their centre's cases only, whichever mediator (the district pool too) takes them. */
function checkCaseCentre(by: Supervisor, c: Case): void {
  if (by.centreCode && c.centreCode !== by.centreCode)
    throw new PermissionDenied(`this token supervises centre ${by.centreCode}, not ${c.centreCode}`);
}

export async function assignToMediator(deps: MediationDeps, by: Supervisor, caseId: string, mediatorId: string): Promise<Case> {
  requireIds({ case_id: caseId, mediator_id: mediatorId });
  const supervisorId = by.subject;
  const changed = await changeCase(deps, byId(caseId), async (c, tx, now) => {
    checkCaseCentre(by, c);
    const m = await findMediator(tx, mediatorId);
    if (!m) throw new NotFound(`no mediator ${mediatorId}`);
    const period = deps.settings.periods[c.channel];
    if (!period) throw new FailedPrecondition(`channel ${c.channel} has no period in CHANNEL_PERIODS`);
    const deadline = endOfPeriod(deps.settings.calendar, now, period.period);
    const next = assignCase(c, m, supervisorId, now, deadline, deps.settings.districtPoolCode);
    return { next, events: [caseAssigned(next, supervisorId, now)] };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  return changed;
}

export async function reassignToMediator(
  deps: MediationDeps,
  by: Supervisor,
  caseId: string,
  mediatorId: string,
  reason: string,
): Promise<Case> {
  requireIds({ case_id: caseId, mediator_id: mediatorId });
  const supervisorId = by.subject;
  let from = "";
  const changed = await changeCase(deps, byId(caseId), async (c, tx, now) => {
    checkCaseCentre(by, c);
    const m = await findMediator(tx, mediatorId);
    if (!m) throw new NotFound(`no mediator ${mediatorId}`);
    const next = reassignCase(c, m, { supervisorId, reason, at: now }, deps.settings.districtPoolCode);
    from = c.holderId;
    return { next, events: [caseReassigned(c, next, supervisorId, now)] };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  // The mediator who handed the case over has room again, should they be available.
  await reofferEscalated(deps, from, caseId);
  return changed;
}
