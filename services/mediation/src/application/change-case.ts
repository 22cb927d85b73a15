// What every mediation use case shares: its dependencies, and `changeCase`, through which every
// change goes. The case, its events and its audit entries commit in one transaction; then its timers are (re)scheduled.
import { type Event, FailedPrecondition, Violations } from "@mediation/contracts";
import { type Collections, type DocumentStore, documentOf, type Stored, VersionConflict } from "@mediation/store";
import { type Logger, stepInTrace } from "@mediation/telemetry";
import type { Case } from "../domain/case.js";
import { closedForGood, timersFor } from "../domain/timers.js";
import { writeCase } from "./audit.js";
import { CASES } from "./collections.js";
import type { OfferFeed } from "./offer-feed.js";
import type { TimerScheduler } from "./ports.js";
import type { MediationSettings } from "./settings.js";

export interface MediationDeps {
  store: DocumentStore;
  settings: MediationSettings;
  feed: OfferFeed;
  timers: TimerScheduler;
  eventsStored(): void;
  now?: () => Date;
  /** Where a scheduling failure after a commit is told; the sweep schedules those timers later. */
  logger?: Logger;
}

export interface Change {
  next: Case;
  events: Event[];
}

export const clock = (deps: MediationDeps) => (deps.now ?? (() => new Date()))();
export const strip = (stored: Stored<Case>): Case => documentOf(stored);

/**
 * After a commit: tell the relay, and hand the case's timers to the scheduler. The change has
 * committed, so a scheduler failure does not fail the call: it is logged, and the sweep puts the
 * timers back.
 */
export async function afterCommit(deps: MediationDeps, cases: Case[]): Promise<void> {
  deps.eventsStored();
  await scheduleTimers(deps, cases);
}

/**
 * Runs `work` once the caller's writes are committed: a consumer passes its Delivery.afterCommit, so
 * that Redis is not waited for while its batch holds the store; outside a batch they already are.
 */
export type Later = (work: () => Promise<void>) => Promise<void> | void;
export const atOnce: Later = (work) => work();

/**
 * Schedules the cases' timers (idempotent); a failure is logged and left to the sweep. A closed case
 * that needs no timer never will again: what the scheduler keeps for it (stale jobs, the set of its
 * job ids) is cancelled, so that nothing lingers after a case ends.
 */
export async function scheduleTimers(deps: MediationDeps, cases: Case[]): Promise<void> {
  const timers = cases.map((c) => ({ c, timers: timersFor(c, deps.settings) }));
  const failures: Error[] = [];
  await deps.timers.schedule(timers.flatMap((t) => t.timers)).catch((error: Error) => failures.push(error));
  for (const { c } of timers.filter((t) => closedForGood(t.c, t.timers))) {
    await deps.timers.cancel(c.caseId).catch((error: Error) => failures.push(error));
  }
  if (failures.length) {
    const err = failures.map((error) => error.message).join("; ");
    deps.logger?.warn({ cases: cases.map((c) => c.caseId), err }, "timers not scheduled; the sweep will");
  }
}

/**
 * Loads a case, applies `change`, and commits it with its events; undefined when nothing changed.
 * It runs in the dispute's trace kept with the case, so an accept, a session or a timer joins it.
 */
export async function changeCase(
  deps: MediationDeps,
  find: (tx: Collections) => Promise<Stored<Case> | undefined>,
  change: (c: Case, tx: Collections, now: Date) => Promise<Change | undefined>,
): Promise<Case | undefined> {
  const seen = await find(deps.store);
  return stepInTrace(seen?.trace, "mediation case change", () => changeInTransaction(deps, find, change));
}

async function changeInTransaction(
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
      await writeCase(tx, changed.next, found.version, changed.events);
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

export const byOffer = (offerId: string) => async (tx: Collections) =>
  (await tx.collection(CASES).find({ where: { offerId }, limit: 1 }))[0];
export const byId = (caseId: string) => (tx: Collections) => tx.collection(CASES).get(caseId);

export function requireIds(ids: Record<string, string>): void {
  const v = new Violations();
  for (const [field, value] of Object.entries(ids)) v.check(Boolean(value), field, "is required");
  v.throwIfAny();
}
