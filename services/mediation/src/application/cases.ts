// Mediation use cases: offer a routed case, accept an offer, close a case, list a mediator's work.
import { addToOutbox, applyOnce } from "@mediation/bus";
import {
  type CategoryCode,
  type ChannelCode,
  categoryCodec,
  channelCodec,
  type Event,
  type EventPayload,
  events,
  InvalidArgument,
  NotFound,
  newEvent,
  outcomeCodec,
} from "@mediation/contracts";
import type { Collections, DocumentStore, Stored } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import { CASES } from "../adapters/store/collections.js";
import {
  acceptOffer as acceptTransition,
  type Case,
  type Closing,
  closeCase as closeTransition,
  offerCase,
  openCase,
} from "../domain/case.js";
import { chooseMediator, type Mediator } from "../domain/roster.js";
import type { OfferFeed } from "./offer-feed.js";

export interface MediationDeps {
  store: DocumentStore;
  roster: () => Mediator[];
  /** The channels this service mediates; other routed disputes are not its business. */
  channels: ReadonlySet<ChannelCode>;
  feed: OfferFeed;
  eventsStored(): void;
  now?: () => Date;
}

const clock = (deps: MediationDeps) => (deps.now ?? (() => new Date()))();

function caseEvent(c: Case, causationId: string, at: Date, payload: EventPayload): Event {
  return newEvent(payload, { correlationId: c.disputeId, causationId }, at);
}

function caseFacts(c: Case) {
  return {
    caseId: c.caseId,
    disputeId: c.disputeId,
    centreCode: c.centreCode,
    category: categoryCodec.fromCode(c.category),
    channel: channelCodec.fromCode(c.channel),
  };
}

async function openCount(tx: Collections, mediatorIds: string[]): Promise<Map<string, number>> {
  const cases = tx.collection<Case>(CASES.name);
  const counts = await Promise.all(
    mediatorIds.map(async (id) => [id, await cases.count({ where: { holderId: id, open: true } })] as const),
  );
  return new Map(counts);
}

export interface RoutedCase {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
}

/** Opens a case for a routed dispute and offers it to one mediator, once per routing event. */
export async function offerRoutedCase(deps: MediationDeps, event: Event, routed: RoutedCase): Promise<Case | undefined> {
  if (!deps.channels.has(routed.channel)) {
    await applyOnce(deps.store, event, async () => undefined);
    return undefined;
  }
  let offered: Case | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    const now = clock(deps);
    const roster = deps.roster();
    const load = await openCount(
      tx,
      roster.map((m) => m.mediatorId),
    );
    const fresh = openCase({ caseId: uuidv7(), ...routed, routedAt: now.toISOString() });
    const mediator = chooseMediator(roster, routed, (id) => load.get(id) ?? 0);
    const cases = tx.collection<Case>(CASES.name);
    if (!mediator) {
      await cases.put(fresh.caseId, fresh, 0);
      await addToOutbox(tx, [
        caseEvent(fresh, event.id, now, {
          $case: "caseEscalated",
          value: { ...caseFacts(fresh), reason: events.EscalationReason.ESCALATION_REASON_NO_CANDIDATE, escalatedAt: now },
        }),
      ]);
      offered = undefined;
      return;
    }
    const next = offerCase(fresh, mediator.mediatorId, uuidv7(), now);
    await cases.put(next.caseId, next, 0);
    await addToOutbox(tx, [
      caseEvent(next, event.id, now, {
        $case: "offerMade",
        value: { ...caseFacts(next), offerId: next.offerId, mediatorId: mediator.mediatorId, offeredAt: now },
      }),
    ]);
    offered = next;
  });
  if (applied) {
    deps.eventsStored();
    if (offered) deps.feed.announce(offered);
  }
  return offered;
}

export async function pendingOffers(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  return (await store.collection<Case>(CASES.name).find({ where: { holderId: mediatorId, state: "OFFERED" }, sort: { field: "id" } })).map(
    strip,
  );
}

export async function acceptOffer(deps: MediationDeps, mediatorId: string, offerId: string): Promise<Case> {
  requireIds({ mediator_id: mediatorId, offer_id: offerId });
  const result = await deps.store.transaction(async (tx) => {
    const cases = tx.collection<Case>(CASES.name);
    const [found] = await cases.find({ where: { offerId }, limit: 1 });
    if (!found) throw new NotFound(`no open offer ${offerId}; it may have been accepted or withdrawn`);
    const now = clock(deps);
    const next = acceptTransition(strip(found), mediatorId, offerId, now);
    // The expected version makes two racing accepts safe: exactly one commits.
    await cases.put(next.caseId, next, found.version);
    await addToOutbox(tx, [
      caseEvent(next, offerId, now, { $case: "offerAccepted", value: { ...caseFacts(next), offerId, mediatorId, acceptedAt: now } }),
    ]);
    return next;
  });
  deps.eventsStored();
  return result;
}

export async function closeCase(deps: MediationDeps, mediatorId: string, caseId: string, closing: Closing): Promise<Case> {
  requireIds({ mediator_id: mediatorId, case_id: caseId });
  const result = await deps.store.transaction(async (tx) => {
    const cases = tx.collection<Case>(CASES.name);
    const found = await cases.get(caseId);
    if (!found) throw new NotFound(`no case ${caseId}`);
    const now = clock(deps);
    const next = closeTransition(strip(found), mediatorId, closing, now);
    await cases.put(next.caseId, next, found.version);
    await addToOutbox(tx, [
      caseEvent(next, caseId, now, {
        $case: "caseClosed",
        value: {
          ...caseFacts(next),
          mediatorId,
          outcome: outcomeCodec.fromCode(next.outcome!),
          acceptedAt: next.acceptedAt ? new Date(next.acceptedAt) : undefined,
          closedAt: now,
        },
      }),
    ]);
    return next;
  });
  deps.eventsStored();
  return result;
}

export async function listCases(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  requireIds({ mediator_id: mediatorId });
  return (await store.collection<Case>(CASES.name).find({ where: { holderId: mediatorId }, sort: { field: "id" } })).map(strip);
}

function requireIds(ids: Record<string, string>): void {
  const missing = Object.entries(ids).filter(([, value]) => !value);
  if (missing.length) throw new InvalidArgument(missing.map(([field]) => ({ field, problem: "is required" })));
}

function strip({ id: _id, version: _v, ...c }: Stored<Case>): Case {
  return c;
}
