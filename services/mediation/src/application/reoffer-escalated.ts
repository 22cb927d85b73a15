// A case escalated because nobody could take it waits for a person; as soon as a suitable mediator
// is AVAILABLE or has room again (a roster change, a case of theirs closed or withdrawn), the oldest
// such cases are offered to them, without waiting for the supervisor.
import type { Collections } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import { canReoffer } from "../domain/assignment.js";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { addDuration } from "../domain/duration.js";
import { writeCase } from "./audit.js";
import { afterCommit, clock, type MediationDeps, strip } from "./change-case.js";
import { CASES, MEDIATORS } from "./collections.js";
import { offerMade } from "./events.js";
import { findMediator } from "./roster.js";

async function offerOne(deps: MediationDeps, tx: Collections, mediatorId: string, causationId: string): Promise<Case | undefined> {
  const m = await findMediator(tx, mediatorId);
  if (!m) return undefined;
  const cases = tx.collection(CASES);
  const open = await cases.count({ where: { holderId: mediatorId, open: true } });
  const waiting = (await cases.find({ where: { state: "AWAITING_MEDIATOR" } })).map(strip);
  waiting.sort((a, b) => a.routedAt.localeCompare(b.routedAt) || a.caseId.localeCompare(b.caseId));
  const c = waiting.find((w) => canReoffer(m, open, w, deps.settings.districtPoolCode));
  if (!c) return undefined;
  const now = clock(deps);
  const expiresAt = addDuration(now, deps.settings.offerTimeout);
  const next = transition.offerCase(c, mediatorId, uuidv7(), now, expiresAt);
  const stored = await cases.get(c.caseId);
  const mediator = await tx.collection(MEDIATORS).get(mediatorId);
  if (mediator) {
    const { id: _i, version, ...rest } = mediator;
    await tx.collection(MEDIATORS).put(mediatorId, { ...rest, lastOfferedAt: now.toISOString() }, version);
  }
  await writeCase(tx, next, stored?.version ?? 0, [offerMade(next, causationId, now, expiresAt)]);
  return next;
}

/** Offers escalated cases to this mediator, oldest first, while they have room; returns how many. */
export async function reofferEscalated(deps: MediationDeps, mediatorId: string, causationId = "roster"): Promise<number> {
  let offered = 0;
  for (;;) {
    const next = await deps.store.transaction((tx) => offerOne(deps, tx, mediatorId, causationId));
    if (!next) return offered;
    offered++;
    await afterCommit(deps, [next]);
  }
}
