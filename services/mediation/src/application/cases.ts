// Mediation use cases. Every change goes through `changeCase`: the case and its events commit in
// one transaction; then its timers are (re)scheduled and new offers announced to live streams.
import { addToOutbox, applyOnce } from "@mediation/bus";
import {
  type CategoryCode,
  type ChannelCode,
  categoryCodec,
  channelCodec,
  type Event,
  type EventPayload,
  events,
  FailedPrecondition,
  InvalidArgument,
  NotFound,
  newEvent,
  outcomeCodec,
} from "@mediation/contracts";
import { type Collections, type DocumentStore, type Stored, VersionConflict } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import type { Case, Closing } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { addDuration } from "../domain/duration.js";
import { chooseMediator, type MediatorLoad } from "../domain/roster.js";
import { type Timer, timersFor } from "../domain/timers.js";
import { CASES, MEDIATORS } from "./collections.js";
import type { OfferFeed } from "./offer-feed.js";
import type { TimerScheduler } from "./ports.js";
import { loadMediators, type StoredMediator, supervisorOf } from "./roster.js";
import type { MediationSettings } from "./settings.js";
import { withdrawnBeforeCase } from "./withdraw-case.js";

export interface MediationDeps {
  store: DocumentStore;
  settings: MediationSettings;
  /** The channels this service mediates; other routed disputes are not its business. */
  channels: ReadonlySet<ChannelCode>;
  feed: OfferFeed;
  timers: TimerScheduler;
  eventsStored(): void;
  now?: () => Date;
}

const clock = (deps: MediationDeps) => (deps.now ?? (() => new Date()))();
const strip = ({ id: _id, version: _v, ...c }: Stored<Case>): Case => c;

function caseEvent(c: Case, causationId: string, at: Date, payload: EventPayload): Event {
  return newEvent(payload, { correlationId: c.disputeId, causationId }, at);
}

const facts = (c: Case) => ({
  caseId: c.caseId,
  disputeId: c.disputeId,
  centreCode: c.centreCode,
  category: categoryCodec.fromCode(c.category),
  channel: channelCodec.fromCode(c.channel),
});

interface Change {
  next: Case;
  events: Event[];
}

/** After a commit: tell the relay, and hand the case's timers to the scheduler. */
async function afterCommit(deps: MediationDeps, cases: Case[]): Promise<void> {
  deps.eventsStored();
  await deps.timers.schedule(cases.flatMap((c) => timersFor(c, deps.settings)));
}

/**
 * An `offer.made` event reached this replica: show the offer on its mediator's live streams if it
 * is still open. Every replica follows these events, so a stream sees offers whichever replica made them;
 * a replica with no stream watching that mediator does not read the store.
 */
export async function showOffer(deps: MediationDeps, caseId: string, offerId: string, mediatorId: string): Promise<void> {
  if (!deps.feed.isWatched(mediatorId)) return;
  const found = await deps.store.collection<Case>(CASES.name).get(caseId);
  if (found && found.state === "OFFERED" && found.offerId === offerId) deps.feed.announce(strip(found));
}

/**
 * Offers an awaiting case to the next candidate, or escalates it to the centre's supervisor when
 * the offers are used up or nobody can take it. Never silent.
 */
async function assign(deps: MediationDeps, tx: Collections, c: Case, now: Date, causationId: string): Promise<Change> {
  const { settings } = deps;
  const failed = transition.failedOffers(c);
  // Only those who could be chosen are counted: the parties' choice, the centre, the district pool.
  const mediators = (await loadMediators(tx)).filter(
    (m) => m.mediatorId === c.preferredMediatorId || m.centreCode === c.centreCode || m.centreCode === settings.districtPoolCode,
  );
  const cases = tx.collection<Case>(CASES.name);
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
    const supervisorId = await supervisorOf(tx, c.centreCode);
    const next = transition.escalateCase(c, supervisorId);
    const reason =
      failed >= settings.maxOffers
        ? events.EscalationReason.ESCALATION_REASON_OFFERS_EXHAUSTED
        : events.EscalationReason.ESCALATION_REASON_NO_CANDIDATE;
    return {
      next,
      events: [
        caseEvent(next, causationId, now, {
          $case: "caseEscalated",
          value: events.CaseEscalated.fromPartial({ ...facts(next), reason, escalatedAt: now, supervisorId, failedOffers: failed }),
        }),
      ],
    };
  }
  const expiresAt = addDuration(now, settings.offerTimeout);
  const next = transition.offerCase(c, choice.mediator.mediatorId, uuidv7(), now, expiresAt);
  const chosen = (await tx.collection<StoredMediator>(MEDIATORS.name).get(choice.mediator.mediatorId)) as Stored<StoredMediator>;
  const { id: _i, version, ...mediator } = chosen;
  await tx.collection<StoredMediator>(MEDIATORS.name).put(mediator.mediatorId, { ...mediator, lastOfferedAt: now.toISOString() }, version);
  return {
    next,
    events: [
      caseEvent(next, causationId, now, {
        $case: "offerMade",
        value: events.OfferMade.fromPartial({
          ...facts(next),
          offerId: next.offerId,
          mediatorId: choice.mediator.mediatorId,
          offeredAt: now,
          expiresAt,
          attempt: next.offers.length,
        }),
      }),
    ],
  };
}

/** Loads a case, applies `change`, and commits it with its events; undefined when nothing changed. */
async function changeCase(
  deps: MediationDeps,
  find: (tx: Collections) => Promise<Stored<Case> | undefined>,
  change: (c: Case, tx: Collections, now: Date) => Promise<Change | undefined>,
): Promise<Case | undefined> {
  let result: Case | undefined;
  try {
    result = await deps.store.transaction(async (tx) => {
      const found = await find(tx);
      if (!found) return undefined;
      const changed = await change(strip(found), tx, clock(deps));
      if (!changed) return undefined;
      await tx.collection<Case>(CASES.name).put(changed.next.caseId, changed.next, found.version);
      await addToOutbox(tx, changed.events);
      return changed.next;
    });
  } catch (error) {
    // Someone changed the case between our read and write (a racing accept): theirs stands.
    if (error instanceof VersionConflict) throw new FailedPrecondition("the case changed at the same moment; look at it again");
    throw error;
  }
  if (result) await afterCommit(deps, [result]);
  return result;
}

export interface RoutedCase {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
  preferredMediatorId: string;
  submittedAt: string;
}

/** Opens a case for a routed dispute and offers it to one mediator, once per routing event. */
export async function offerRoutedCase(deps: MediationDeps, event: Event, routed: RoutedCase): Promise<Case | undefined> {
  if (!deps.channels.has(routed.channel)) {
    await applyOnce(deps.store, event, async () => undefined);
    return undefined;
  }
  let opened: Case | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    if (await withdrawnBeforeCase(tx, routed.disputeId)) return;
    const now = clock(deps);
    const fresh = transition.openCase({ caseId: uuidv7(), ...routed, routedAt: now.toISOString() });
    const { next, events: out } = await assign(deps, tx, fresh, now, event.id);
    await tx.collection<Case>(CASES.name).put(next.caseId, next, 0);
    await addToOutbox(tx, out);
    opened = next;
  });
  if (applied && opened) await afterCommit(deps, [opened]);
  return opened;
}

const byOffer = (offerId: string) => async (tx: Collections) =>
  (await tx.collection<Case>(CASES.name).find({ where: { offerId }, limit: 1 }))[0];
const byId = (caseId: string) => (tx: Collections) => tx.collection<Case>(CASES.name).get(caseId);

function requireIds(ids: Record<string, string>): void {
  const missing = Object.entries(ids).filter(([, value]) => !value);
  if (missing.length) throw new InvalidArgument(missing.map(([field]) => ({ field, problem: "is required" })));
}

export async function acceptOffer(deps: MediationDeps, mediatorId: string, offerId: string): Promise<Case> {
  requireIds({ mediator_id: mediatorId, offer_id: offerId });
  const accepted = await changeCase(deps, byOffer(offerId), async (c, _tx, now) => {
    const deadline = addDuration(now, deps.settings.deadlines[c.channel] ?? deps.settings.defaultDeadline);
    const next = transition.acceptOffer(c, mediatorId, offerId, now, deadline);
    return {
      next,
      events: [
        caseEvent(next, offerId, now, {
          $case: "offerAccepted",
          value: events.OfferAccepted.fromPartial({
            ...facts(next),
            offerId,
            mediatorId,
            acceptedAt: now,
            submittedAt: new Date(next.submittedAt),
            deadlineAt: deadline,
          }),
        }),
      ],
    };
  });
  if (!accepted) throw new FailedPrecondition(`offer ${offerId} is no longer open; it was answered, withdrawn or expired`);
  return accepted;
}

export async function declineOffer(deps: MediationDeps, mediatorId: string, offerId: string, reason: string): Promise<void> {
  requireIds({ mediator_id: mediatorId, offer_id: offerId });
  const declined = await changeCase(deps, byOffer(offerId), async (c, tx, now) => {
    const ended = transition.declineOffer(c, mediatorId, offerId, reason);
    const onward = await assign(deps, tx, ended, now, offerId);
    const declinedEvent = caseEvent(ended, offerId, now, {
      $case: "offerDeclined",
      value: events.OfferDeclined.fromPartial({
        offerId,
        caseId: c.caseId,
        disputeId: c.disputeId,
        mediatorId,
        centreCode: c.centreCode,
        declinedAt: now,
      }),
    });
    return { next: onward.next, events: [declinedEvent, ...onward.events] };
  });
  if (!declined) throw new FailedPrecondition(`offer ${offerId} is no longer open`);
}

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
    return {
      next,
      events: [
        caseEvent(next, caseId, now, {
          $case: "sessionRecorded",
          value: events.SessionRecorded.fromPartial({
            caseId,
            disputeId: c.disputeId,
            mediatorId,
            heldAt: heldAt ?? now,
            sessionNumber: next.sessions?.length ?? 1,
          }),
        }),
      ],
    };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  return changed;
}

export async function extendDeadline(deps: MediationDeps, mediatorId: string, caseId: string, bothPartiesConsent: boolean): Promise<Case> {
  requireIds({ mediator_id: mediatorId, case_id: caseId });
  const changed = await changeCase(deps, byId(caseId), async (c, _tx, now) => {
    const previous = c.deadlineAt ? new Date(c.deadlineAt) : now;
    const next = transition.extendDeadline(c, mediatorId, bothPartiesConsent, addDuration(previous, deps.settings.extension));
    return {
      next,
      events: [
        caseEvent(next, caseId, now, {
          $case: "deadlineExtended",
          value: events.DeadlineExtended.fromPartial({
            caseId,
            disputeId: c.disputeId,
            deadlineAt: new Date(next.deadlineAt as string),
            previousDeadlineAt: previous,
          }),
        }),
      ],
    };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  return changed;
}

export async function closeCase(deps: MediationDeps, mediatorId: string, caseId: string, closing: Closing): Promise<Case> {
  requireIds({ mediator_id: mediatorId, case_id: caseId });
  const changed = await changeCase(deps, byId(caseId), async (c, _tx, now) => {
    const next = transition.closeCase(c, mediatorId, closing, now, addDuration(now, deps.settings.confirmationWindow));
    return {
      next,
      events: [
        caseEvent(next, caseId, now, {
          $case: "caseClosed",
          value: events.CaseClosed.fromPartial({
            ...facts(next),
            mediatorId,
            outcome: outcomeCodec.fromCode(next.outcome as NonNullable<Case["outcome"]>),
            acceptedAt: next.acceptedAt ? new Date(next.acceptedAt) : undefined,
            closedAt: now,
            submittedAt: new Date(next.submittedAt),
            refusedBy: next.refusedBy ?? "",
            overdue: next.overdue ?? false,
          }),
        }),
      ],
    };
  });
  if (!changed) throw new NotFound(`no case ${caseId}`);
  return changed;
}

/** A timer came due: apply it if it still matters (a stale timer changes nothing). */
export async function fireTimer(deps: MediationDeps, timer: Timer): Promise<Case | undefined> {
  return changeCase(deps, byId(timer.caseId), async (c, tx, now): Promise<Change | undefined> => {
    switch (timer.kind) {
      case "offer-expiry": {
        const expired = transition.expireOffer(c, timer.key);
        if (!expired) return undefined;
        const mediatorId = c.holderId;
        const onward = await assign(deps, tx, expired, now, timer.key);
        const expiredEvent = caseEvent(expired, timer.key, now, {
          $case: "offerExpired",
          value: events.OfferExpired.fromPartial({
            offerId: timer.key,
            caseId: c.caseId,
            disputeId: c.disputeId,
            mediatorId,
            centreCode: c.centreCode,
            expiredAt: now,
          }),
        });
        return { next: onward.next, events: [expiredEvent, ...onward.events] };
      }
      case "deadline-reminder": {
        const next = transition.markReminded(c, timer.key);
        if (!next) return undefined;
        return {
          next,
          events: [
            caseEvent(next, timer.key, now, {
              $case: "deadlineApproaching",
              value: events.DeadlineApproaching.fromPartial({
                caseId: c.caseId,
                disputeId: c.disputeId,
                mediatorId: c.holderId,
                deadlineAt: new Date(timer.key),
              }),
            }),
          ],
        };
      }
      case "deadline-overdue": {
        const next = transition.markOverdue(c, timer.key);
        if (!next) return undefined;
        return {
          next,
          events: [
            caseEvent(next, timer.key, now, {
              $case: "caseOverdue",
              value: events.CaseOverdue.fromPartial({ ...facts(next), mediatorId: c.holderId, deadlineAt: new Date(timer.key) }),
            }),
          ],
        };
      }
      case "confirmation-reminder": {
        const next = transition.markConfirmationReminded(c);
        if (!next) return undefined;
        return {
          next,
          events: [
            caseEvent(next, timer.key, now, {
              $case: "confirmationWindowClosing",
              value: events.ConfirmationWindowClosing.fromPartial({
                caseId: c.caseId,
                disputeId: c.disputeId,
                windowEndsAt: new Date(timer.key),
              }),
            }),
          ],
        };
      }
    }
  });
}

/** Redis is not the source of truth: at start, every case's pending timers are scheduled again. */
export async function rebuildTimers(deps: MediationDeps): Promise<number> {
  const cases = deps.store.collection<Case>(CASES.name);
  const timers: Timer[] = [];
  for (const state of ["OFFERED", "ACCEPTED", "IN_MEDIATION", "CLOSED"] as const) {
    for (const c of await cases.find({ where: { state } })) timers.push(...timersFor(strip(c), deps.settings));
  }
  await deps.timers.schedule(timers);
  return timers.length;
}

export async function pendingOffers(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  return (await store.collection<Case>(CASES.name).find({ where: { holderId: mediatorId, state: "OFFERED" }, sort: { field: "id" } })).map(
    strip,
  );
}

export async function listCases(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  requireIds({ mediator_id: mediatorId });
  return (await store.collection<Case>(CASES.name).find({ where: { holderId: mediatorId }, sort: { field: "id" } })).map(strip);
}

export async function openCasesOf(store: DocumentStore, mediatorId: string): Promise<number> {
  return store.collection<Case>(CASES.name).count({ where: { holderId: mediatorId, open: true } });
}
