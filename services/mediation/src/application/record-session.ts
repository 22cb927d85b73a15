import { NotFound } from "@mediation/contracts";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { byId, changeCase, type MediationDeps, requireIds } from "./change-case.js";
import { sessionRecorded } from "./events.js";

export async function recordSession(
  deps: MediationDeps,
  mediatorId: string,
  caseId: string,
  heldAt: Date | undefined,
  note: string,
): Promise<Case> {
  requireIds({ mediator_id: mediatorId, case_id: caseId });
  const changed = await changeCase(deps, byId(caseId), async (c, _tx, now) => {
    const next = transition.recordSession(c, mediatorId, heldAt ?? now, note);
    return { next, events: [sessionRecorded(next, mediatorId, heldAt ?? now, now)] };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  return changed;
}
