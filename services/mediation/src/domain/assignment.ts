// What a supervisor does with a case no mediator took, or with a case whose mediator cannot go on,
// and who may be offered an escalated case when the roster changes. Pure.
//
// A case escalated to the supervisor (人民调解法 第十七条: the centre designates the mediator when the
// parties have not chosen one) is assigned by name, or offered again to a suitable mediator as soon as
// one is available. A mediator who cannot go on (leave, illness, a conflict of interest) is replaced
// by the centre; the parties' period does not start again, so the deadline stays.
import { FailedPrecondition, Violations } from "@mediation/contracts/domain";
import { alreadyAsked, type Case, isOpenWork } from "./case.js";
import type { Mediator } from "./roster.js";

/** Whether `m` could be offered or assigned `c`: the case's channel and category, its centre, the district pool, or the parties' choice. */
export function serves(m: Mediator, c: Case, districtPoolCode: string): boolean {
  const where = m.mediatorId === c.preferredMediatorId || m.centreCode === c.centreCode || m.centreCode === districtPoolCode;
  return where && m.channels.includes(c.channel) && m.categories.includes(c.category);
}

/** An escalated case this mediator may now be offered: suitable, available, with room, and not asked before. */
export function canReoffer(m: Mediator, openCases: number, c: Case, districtPoolCode: string): boolean {
  return (
    c.state === "AWAITING_MEDIATOR" &&
    m.status === "AVAILABLE" &&
    openCases < m.maxOpenCases &&
    !alreadyAsked(c).has(m.mediatorId) &&
    serves(m, c, districtPoolCode)
  );
}

function requireReason(field: string, value: string): void {
  new Violations().check(Boolean(value.trim()) && value.length <= 500, field, "required, at most 500 characters").throwIfAny();
}

/** The supervisor names the mediator of a case awaiting one; the channel's period starts now. */
export function assignCase(c: Case, m: Mediator, supervisorId: string, now: Date, deadlineAt: Date, districtPoolCode: string): Case {
  if (c.state !== "AWAITING_MEDIATOR")
    throw new FailedPrecondition(`case ${c.caseId} is ${c.state}; only a case awaiting a mediator is assigned`);
  if (!serves(m, c, districtPoolCode))
    throw new FailedPrecondition(`${m.mediatorId} does not take ${c.channel} ${c.category} cases of centre ${c.centreCode}`);
  const { escalatedTo: _, ...rest } = c;
  return {
    ...rest,
    state: "ACCEPTED",
    holderId: m.mediatorId,
    offerId: "",
    open: true,
    acceptedAt: now.toISOString(),
    deadlineAt: deadlineAt.toISOString(),
    assignedBy: supervisorId,
  };
}

/** The case goes to another mediator, keeping who moved it and why; its deadline, sessions and extension stay. */
export function reassignCase(
  c: Case,
  to: Mediator,
  by: { supervisorId: string; reason: string; at: Date },
  districtPoolCode: string,
): Case {
  const { reason } = by;
  requireReason("reason", reason);
  if (!isOpenWork(c)) throw new FailedPrecondition(`case ${c.caseId} is ${c.state}; only an accepted case is reassigned`);
  if (c.holderId === to.mediatorId) throw new FailedPrecondition(`case ${c.caseId} is already with ${to.mediatorId}`);
  if (!serves(to, c, districtPoolCode))
    throw new FailedPrecondition(`${to.mediatorId} does not take ${c.channel} ${c.category} cases of centre ${c.centreCode}`);
  if (to.status !== "AVAILABLE") throw new FailedPrecondition(`${to.mediatorId} is ${to.status}`);
  const moved = { at: by.at.toISOString(), fromMediatorId: c.holderId, toMediatorId: to.mediatorId, supervisorId: by.supervisorId, reason };
  return { ...c, holderId: to.mediatorId, reassignments: [...(c.reassignments ?? []), moved] };
}
