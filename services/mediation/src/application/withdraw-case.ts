// `dispute.withdrawn` in mediation: an open case closes as WITHDRAWN, a pending offer is withdrawn
// (offer.withdrawn, so live streams stop showing it), and the case's timers are cancelled. A dispute
// withdrawn before its case exists is remembered, so that a later `dispute.routed` opens nothing.
import { applyOnce } from "@mediation/bus/outbox";
import { categoryCodec, channelCodec, type Event, events, newEvent, outcomeCodec } from "@mediation/contracts";
import { type Collections, documentOf } from "@mediation/store";
import type { Case } from "../domain/case.js";
import { pendingOffer, withdrawCase } from "../domain/withdrawal.js";
import { writeCase } from "./audit.js";
import { type MediationDeps, scheduleTimers, strip } from "./change-case.js";
import { CASES, DISPUTE_MARKS } from "./collections.js";
import { reofferEscalated } from "./reoffer-escalated.js";

// Both handlers write the dispute's mark, so a withdrawal and a routing decision handled at the same
// moment cannot both miss each other: one of the two transactions conflicts and runs again.
const marks = (tx: Collections) => tx.collection(DISPUTE_MARKS);

/** Called inside the transaction that would open a case: true when the dispute was withdrawn first. */
export async function withdrawnBeforeCase(tx: Collections, disputeId: string): Promise<boolean> {
  const mark = await marks(tx).increment(disputeId, { routed: 1 }, { routed: 0, withdrawn: 0 });
  return mark.withdrawn > 0;
}

function closingEvents(before: Case, after: Case, causationId: string, now: Date): Event[] {
  const ids = { correlationId: after.disputeId, causationId };
  const out: Event[] = [];
  const offer = pendingOffer(before);
  if (offer) {
    out.push(
      newEvent(
        {
          $case: "offerWithdrawn",
          value: { ...offer, caseId: after.caseId, disputeId: after.disputeId, centreCode: after.centreCode, withdrawnAt: now },
        },
        ids,
        now,
      ),
    );
  }
  out.push(
    newEvent(
      {
        $case: "caseClosed",
        value: events.CaseClosed.fromPartial({
          caseId: after.caseId,
          disputeId: after.disputeId,
          centreCode: after.centreCode,
          category: categoryCodec.fromCode(after.category),
          channel: channelCodec.fromCode(after.channel),
          mediatorId: after.holderId,
          outcome: outcomeCodec.fromCode("WITHDRAWN"),
          acceptedAt: after.acceptedAt ? new Date(after.acceptedAt) : undefined,
          closedAt: now,
          submittedAt: new Date(after.submittedAt),
          overdue: after.overdue ?? false,
          disputeWithdrawn: true,
        }),
      },
      ids,
      now,
    ),
  );
  return out;
}

/** Applies a `dispute.withdrawn` event once; returns the cases it closed. */
export async function withdrawDisputeCases(deps: MediationDeps, event: Event, disputeId: string): Promise<Case[]> {
  const closed: Case[] = [];
  const freed = new Set<string>();
  await applyOnce(deps.store, event, async (tx) => {
    closed.length = 0;
    await marks(tx).increment(disputeId, { withdrawn: 1 }, { routed: 0, withdrawn: 0 });
    const now = (deps.now ?? (() => new Date()))();
    const cases = tx.collection(CASES);
    for (const found of await cases.find({ where: { disputeId } })) {
      const before = documentOf(found);
      const version = found.version;
      const after = withdrawCase(before, now);
      if (!after) continue;
      await writeCase(tx, after, version, closingEvents(before, after, event.id, now));
      closed.push(after);
      if (before.holderId) freed.add(before.holderId);
    }
  });
  if (closed.length) deps.eventsStored();
  // Redis holds the timers only; the store already says the case is closed, so a timer that fires
  // before it is removed changes nothing. The dispute's cases as stored (a redelivered event settles
  // again what a crash left behind) go through scheduleTimers, which cancels those closed for good and
  // leaves a failure to the sweep: the freed mediators below still get their offers.
  await scheduleTimers(deps, (await deps.store.collection(CASES).find({ where: { disputeId } })).map(strip));
  // Their holders have room again for a case escalated for want of a mediator.
  for (const mediatorId of freed) await reofferEscalated(deps, mediatorId, event.id);
  return closed;
}
