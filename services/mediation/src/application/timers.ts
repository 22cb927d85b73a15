// Timers coming due, one handler per kind; and the sweep that puts back what Redis lost.
import { setImmediate } from "node:timers/promises";
import type { Collections } from "@mediation/store";
import type { Case } from "../domain/case.js";
import * as transition from "../domain/case.js";
import { closedForGood, type Timer, type TimerKind, timersFor } from "../domain/timers.js";
import { assign } from "./assign.js";
import { openCasesPage } from "./case-queries.js";
import { byId, type Change, changeCase, clock, type MediationDeps, strip } from "./change-case.js";
import { CASES } from "./collections.js";
import { caseOverdue, confirmationWindowClosing, deadlineApproaching, offerExpired } from "./events.js";
import type { SweepResult, TimersRead } from "./ports.js";

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

/** The timers a case needs, as the sweep counts them: an open case's, and a closed one's until its confirmation window ends. */
function needed(deps: MediationDeps, c: Case, now: string): Timer[] {
  return c.open || (c.confirmationWindowEndsAt ?? "") > now ? timersFor(c, deps.settings) : [];
}

/** Every timer the cases need: the open cases, read a page at a time (openCasesPage), and the agreements in their confirmation window. */
async function allNeeded(deps: MediationDeps): Promise<TimersRead> {
  const timers: Timer[] = [];
  let cases = 0;
  // A page at a time, letting the service answer between pages: a province has many open cases.
  for (let page = await openCasesPage(deps.store, "", SWEEP_PAGE); ; ) {
    cases += page.length;
    for (const c of page) timers.push(...timersFor(c, deps.settings));
    if (page.length < SWEEP_PAGE) break;
    await setImmediate();
    page = await openCasesPage(deps.store, "", SWEEP_PAGE, (page.at(-1) as Case).caseId);
  }
  const now = clock(deps).toISOString();
  const confirming = await deps.store.collection(CASES).find({ range: { field: "confirmationWindowEndsAt", gt: now } });
  for (const c of confirming) timers.push(...timersFor(strip(c), deps.settings));
  return { cases: cases + confirming.length, timers };
}

/** The timers of these cases, each read by id; a closed case that needs none, or a case not found, is finished. */
async function neededBy(deps: MediationDeps, caseIds: string[]): Promise<TimersRead> {
  const now = clock(deps).toISOString();
  const timers: Timer[] = [];
  const finished: string[] = [];
  for (const caseId of caseIds) {
    const found = await deps.store.collection(CASES).get(caseId);
    const c = found && strip(found);
    const own = c ? needed(deps, c, now) : [];
    timers.push(...own);
    if (!c || closedForGood(c, own)) finished.push(caseId);
  }
  return { cases: caseIds.length, timers, finished };
}

/**
 * Redis is not the source of truth (docs/architecture.md#timers). A full sweep makes the queue hold
 * exactly the timers of the open cases and of the agreements whose confirmation window has not
 * ended; it runs first, whenever Redis may have lost jobs, and when `backstop` asks. Every other
 * sweep reads only the cases whose scheduling failed and those of failed jobs, by id.
 */
export function sweepTimers(deps: MediationDeps, backstop = false): Promise<SweepResult> {
  return deps.timers.sweep({ all: () => allNeeded(deps), of: (ids) => neededBy(deps, ids) }, backstop);
}

export interface SweepIntervals {
  /** Between two sweeps. */
  everyMs: number;
  /** At most between two full sweeps, whatever Redis says. */
  fullEveryMs: number;
}

/** Sweeps now and every `everyMs`; a failed sweep is logged and the next one tries again. Returns stop. */
export function startTimerSweep(deps: MediationDeps, { everyMs, fullEveryMs }: SweepIntervals): () => void {
  let lastFull = Number.NEGATIVE_INFINITY;
  let running = false;
  const sweep = async () => {
    // A sweep slower than the interval is not run twice at once.
    if (running) return;
    running = true;
    try {
      const startedAt = performance.now();
      const result = await sweepTimers(deps, startedAt - lastFull >= fullEveryMs);
      if (result.kind === "full") lastFull = startedAt;
      const { list, cases, add, remove } = result.took;
      const took = list + cases + add + remove;
      // Said when it changed something or took long enough to be felt; a warning when Redis refused cases.
      if (result.refused.length)
        deps.logger?.warn(
          { ...result, refused: result.refused.slice(0, 50), refusedCount: result.refused.length, tookMs: took },
          `${result.kind} timer sweep: Redis refused some cases' timers (the others are in); the next sweep tries them again`,
        );
      else
        deps.logger?.[result.added + result.removed || took > SLOW_SWEEP_MS ? "info" : "debug"](
          { ...result, tookMs: took },
          `${result.kind} timer sweep: timers reconciled with the store`,
        );
    } catch (error) {
      deps.logger?.warn({ err: (error as Error).message }, "timer sweep failed; the next one tries again");
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(sweep, everyMs);
  return () => clearInterval(timer);
}
