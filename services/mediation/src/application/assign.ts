// Choosing who is offered a case next, or escalating it when nobody can take it.
import { events } from "@mediation/contracts";
import type { Collections, Stored } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { addDuration } from "../domain/duration.js";
import { chooseMediator, type MediatorLoad } from "../domain/roster.js";
import type { Change, MediationDeps } from "./change-case.js";
import { CASES, MEDIATORS } from "./collections.js";
import { caseEscalated, offerMade } from "./events.js";
import { candidatesFor, type StoredMediator, supervisorOf } from "./roster.js";

/**
 * Offers an awaiting case to the next candidate, or escalates it to the centre's supervisor when
 * the offers are used up or nobody can take it. Never silent.
 */
export async function assign(deps: MediationDeps, tx: Collections, c: Case, now: Date, causationId: string): Promise<Change> {
  const { settings } = deps;
  const failed = transition.failedOffers(c);
  // Only those who could be chosen are counted: the parties' choice, the centre, the district pool.
  const mediators = await candidatesFor(tx, c.centreCode, settings.districtPoolCode, c.preferredMediatorId);
  const cases = tx.collection(CASES);
  const loads = new Map<string, MediatorLoad>();
  for (const m of mediators)
    loads.set(m.mediatorId, { open: await cases.count({ where: { holderId: m.mediatorId, open: true } }), lastOfferedAt: m.lastOfferedAt });
  const choice =
    failed >= settings.maxOffers
      ? undefined
      : chooseMediator(
          mediators,
          c,
          (id) => loads.get(id) ?? { open: 0, lastOfferedAt: "" },
          transition.alreadyAsked(c),
          settings.districtPoolCode,
        );
  if (!choice) {
    const next = transition.escalateCase(c, await supervisorOf(tx, c.centreCode));
    const reason =
      failed >= settings.maxOffers
        ? events.EscalationReason.ESCALATION_REASON_OFFERS_EXHAUSTED
        : events.EscalationReason.ESCALATION_REASON_NO_CANDIDATE;
    return { next, events: [caseEscalated(next, causationId, now, reason, failed)] };
  }
  const expiresAt = addDuration(now, settings.offerTimeout);
  const next = transition.offerCase(c, choice.mediator.mediatorId, uuidv7(), now, expiresAt);
  const chosen = (await tx.collection(MEDIATORS).get(choice.mediator.mediatorId)) as Stored<StoredMediator>;
  const { id: _i, version, ...mediator } = chosen;
  await tx.collection(MEDIATORS).put(mediator.mediatorId, { ...mediator, lastOfferedAt: now.toISOString() }, version);
  return { next, events: [offerMade(next, causationId, now, expiresAt)] };
}
