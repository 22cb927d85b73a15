// The roster in the store: supervisors change it through RosterService, and it takes effect at once.
import { addToOutbox } from "@mediation/bus/outbox";
import { CENTRE_CODE, categoryCodec, channelCodec, events, NotFound, newEvent, PERSON_ID, Violations } from "@mediation/contracts";
import { type Collections, type DocumentStore, documentOf } from "@mediation/store";
import { type Mediator, type MediatorStatus, mediatorProblems, type Roster } from "../domain/roster.js";
import { recordRosterChange } from "./audit.js";
import { MEDIATORS, SUPERVISORS } from "./collections.js";

export type StoredMediator = Mediator & { lastOfferedAt: string };

/** A mediator stored before channels were on the roster served people's mediation only. */
const withChannels = (m: StoredMediator): StoredMediator => (m.channels?.length ? m : { ...m, channels: ["PEOPLES_MEDIATION"] });

/** The roster, or one centre's part of it (through the centreCode index), by id. */
export async function loadMediators(tx: Collections, centreCode?: string): Promise<StoredMediator[]> {
  const where: Record<string, string> = centreCode ? { centreCode } : {};
  return (await tx.collection(MEDIATORS).find({ where, sort: { field: "id" } })).map((m) => withChannels(documentOf(m)));
}

/**
 * Who could be offered a case: the parties' chosen mediator, the case's centre and the district
 * pool, each read through an index, so that placing an offer does not read the whole roster.
 */
export async function candidatesFor(tx: Collections, centreCode: string, poolCode: string, preferredId: string): Promise<StoredMediator[]> {
  const found = new Map<string, StoredMediator>();
  for (const code of new Set([centreCode, poolCode].filter(Boolean)))
    for (const m of await loadMediators(tx, code)) found.set(m.mediatorId, m);
  const preferred = preferredId && !found.has(preferredId) ? await findMediator(tx, preferredId) : undefined;
  if (preferred) found.set(preferred.mediatorId, preferred);
  return [...found.values()];
}

export async function findMediator(tx: Collections, mediatorId: string): Promise<StoredMediator | undefined> {
  const found = await tx.collection(MEDIATORS).get(mediatorId);
  return found && withChannels(documentOf(found));
}

export async function supervisorOf(tx: Collections, centreCode: string): Promise<string> {
  return (await tx.collection(SUPERVISORS).get(centreCode))?.supervisorId ?? "";
}

function changedEvent(m: Mediator, now: Date) {
  return newEvent(
    {
      $case: "mediatorChanged",
      value: events.MediatorChanged.fromPartial({
        mediatorId: m.mediatorId,
        centreCode: m.centreCode,
        categories: m.categories.map((c) => categoryCodec.fromCode(c)),
        channels: m.channels.map((c) => channelCodec.fromCode(c)),
        maxOpenCases: m.maxOpenCases,
        status: m.status,
        changedAt: now,
      }),
    },
    { correlationId: m.mediatorId, causationId: "roster" },
    now,
  );
}

/** Adds or replaces a mediator; the time of their last offer is kept. */
export async function putMediator(store: DocumentStore, mediator: Mediator, eventsStored: () => void): Promise<Mediator> {
  const v = new Violations();
  for (const { field, problem } of mediatorProblems(mediator)) v.add(field, problem);
  v.throwIfAny();
  await store.transaction(async (tx) => {
    const mediators = tx.collection(MEDIATORS);
    const existing = await mediators.get(mediator.mediatorId);
    await mediators.put(mediator.mediatorId, { ...mediator, lastOfferedAt: existing?.lastOfferedAt ?? "" }, existing?.version ?? 0);
    await addToOutbox(tx, [changedEvent(mediator, new Date())]);
    await recordRosterChange(
      tx,
      existing ? "roster.mediator.replace" : "roster.mediator.add",
      "mediator",
      mediator.mediatorId,
      mediator.centreCode,
    );
  });
  eventsStored();
  return mediator;
}

export async function setMediatorStatus(
  store: DocumentStore,
  mediatorId: string,
  status: MediatorStatus | undefined,
  eventsStored: () => void,
): Promise<Mediator> {
  if (!status) throw new Violations().add("status", "must be AVAILABLE, AWAY or OFF").error;
  const changed = await store.transaction(async (tx) => {
    const mediators = tx.collection(MEDIATORS);
    const existing = await mediators.get(mediatorId);
    if (!existing) throw new NotFound(`no mediator ${mediatorId}`);
    const { id: _i, version, ...m } = existing;
    const next = { ...m, status };
    await mediators.put(mediatorId, next, version);
    await addToOutbox(tx, [changedEvent(next, new Date())]);
    await recordRosterChange(tx, "roster.mediator.status", "mediator", mediatorId, next.centreCode, status);
    return next;
  });
  eventsStored();
  return changed;
}

export async function setSupervisor(store: DocumentStore, centreCode: string, supervisorId: string): Promise<void> {
  new Violations()
    .check(CENTRE_CODE.test(centreCode), "centre_code", "2-16 upper-case letters or digits")
    .check(PERSON_ID.test(supervisorId), "supervisor_id", "1-32 letters, digits, _ or -")
    .throwIfAny();
  await store.transaction(async (tx) => {
    const supervisors = tx.collection(SUPERVISORS);
    const existing = await supervisors.get(centreCode);
    await supervisors.put(centreCode, { supervisorId }, existing?.version ?? 0);
    await recordRosterChange(tx, "roster.supervisor.set", "supervisor", centreCode, centreCode, supervisorId);
  });
}

export async function listRoster(
  store: DocumentStore,
  centreCode: string,
): Promise<{ mediators: StoredMediator[]; supervisors: Record<string, string> }> {
  const mediators = await loadMediators(store, centreCode || undefined);
  const supervisors = Object.fromEntries((await store.collection(SUPERVISORS).find()).map((s) => [s.id, s.supervisorId]));
  return { mediators, supervisors };
}

/** Seeds the roster from the file on first start; afterwards the store is the roster. */
export async function seedRoster(store: DocumentStore, roster: Roster): Promise<number> {
  return store.transaction(async (tx) => {
    const mediators = tx.collection(MEDIATORS);
    if ((await mediators.count()) > 0) return 0;
    for (const m of roster.mediators) await mediators.put(m.mediatorId, { ...m, lastOfferedAt: "" }, 0);
    const supervisors = tx.collection(SUPERVISORS);
    for (const [centre, supervisorId] of Object.entries(roster.supervisors)) await supervisors.put(centre, { supervisorId }, 0);
    await recordRosterChange(tx, "roster.seed", "roster", "roster", "", `${roster.mediators.length} mediators from the roster file`);
    return roster.mediators.length;
  });
}
