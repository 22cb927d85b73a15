// Timers coming due, one handler per kind; and the sweep that puts back what Redis lost.
import { setImmediate } from "node:timers/promises";
import type { Collections } from "@mediation/store";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { type Timer, type TimerKind, timersFor } from "../domain/timers.js";
import { assign } from "./assign.js";
import { openCasesPage } from "./case-queries.js";
import { byId, type Change, changeCase, clock, type MediationDeps, strip } from "./change-case.js";
import { CASES } from "./collections.js";
import { caseOverdue, confirmationWindowClosing, deadlineApproaching, offerExpired } from "./events.js";
import type { SweepResult } from "./ports.js";

/** A sweep that took longer is logged at info. */
const SLOW_SWEEP_MS = 100;
/** Open cases read per page by the sweep. */
const SWEEP_PAGE = 100;

type TimerHandler = (deps: MediationDeps, c: Case, key: string, tx: Collections, now: Date) => Promise<Change | undefined>;

/** Each returns undefined when its timer is stale: the case moved on and nothing is to be done. */
const ON_TIMER: Record<TimerKind, TimerHandler> = {
  "offer-expiry": async (deps, c, offerId, tx, now) => {
    const expired = transition.expireOffer(c, offerId);
    if (!expired) return undefined;
    const onward = await assign(deps, tx, expired, now, offerId);
    return { next: onward.next, events: [offerExpired(c, expired, offerId, now), ...onward.events] };
  },
  "deadline-reminder": async (_deps, c, deadline, _tx, now) => {
    const next = transition.markReminded(c, deadline);
    return next && { next, events: [deadlineApproaching(next, deadline, now)] };
  },
  "deadline-overdue": async (_deps, c, deadline, _tx, now) => {
    const next = transition.markOverdue(c, deadline);
    return next && { next, events: [caseOverdue(next, deadline, now)] };
  },
  "confirmation-reminder": async (_deps, c, windowEndsAt, _tx, now) => {
    const next = transition.markConfirmationReminded(c);
    return next && { next, events: [confirmationWindowClosing(next, windowEndsAt, now)] };
  },
};

/** A timer came due: apply it if it still matters (a stale timer changes nothing). */
export function fireTimer(deps: MediationDeps, timer: Timer): Promise<Case | undefined> {
  return changeCase(deps, byId(timer.caseId), (c, tx, now) => ON_TIMER[timer.kind](deps, c, timer.key, tx, now));
}

/**
 * Redis is not the source of truth: at start and every sweep interval, the queue is made to hold
 * exactly the timers the open cases need (read a page at a time, openCasesPage), and the reminders of
 * agreements whose confirmation window has not ended (docs/architecture.md#timers).
 */
export function sweepTimers(deps: MediationDeps): Promise<SweepResult> {
  return deps.timers.reconcile(async () => {
    const timers: Timer[] = [];
    // A page at a time, letting the service answer between pages: a province has many open cases.
    for (let page = await openCasesPage(deps.store, "", SWEEP_PAGE); ; ) {
      for (const c of page) timers.push(...timersFor(c, deps.settings));
      if (page.length < SWEEP_PAGE) break;
      await setImmediate();
      page = await openCasesPage(deps.store, "", SWEEP_PAGE, (page.at(-1) as Case).caseId);
    }
    const now = clock(deps).toISOString();
    const confirming = await deps.store.collection(CASES).find({ range: { field: "confirmationWindowEndsAt", gt: now } });
    for (const c of confirming) timers.push(...timersFor(strip(c), deps.settings));
    return timers;
  });
}

/** Sweeps now and every `intervalMs`; a failed sweep is logged and the next one tries again. Returns stop. */
export function startTimerSweep(deps: MediationDeps, intervalMs: number): () => void {
  const sweep = () =>
    sweepTimers(deps).then(
      (result) => {
        const took = result.took ? result.took.list + result.took.cases + result.took.add + result.took.remove : 0;
        // Said when it changed something or took long enough to be felt (a sweep reads every open case).
        deps.logger?.[result.added + result.removed || took > SLOW_SWEEP_MS ? "info" : "debug"](result, "timers reconciled with the store");
      },
      (error) => deps.logger?.warn({ err: (error as Error).message }, "timer sweep failed; the next one tries again"),
    );
  void sweep();
  const timer = setInterval(sweep, intervalMs);
  return () => clearInterval(timer);
}
