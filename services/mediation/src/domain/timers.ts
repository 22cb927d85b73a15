// Which timers a case needs now, derived from the case alone. Redis only holds them (docs/architecture.md#timers):
// at start, and after every change, the service schedules timersFor(case) again. Pure.

import { type Case, isOpenWork } from "./case.js";
import { addDuration, type Duration } from "./duration.js";

export type TimerKind = "offer-expiry" | "deadline-reminder" | "deadline-overdue" | "confirmation-reminder";

export interface Timer {
  kind: TimerKind;
  caseId: string;
  /** What the timer is about (the offer id, or the deadline it was set for). */
  key: string;
  dueAt: string;
}

export interface TimerSettings {
  deadlineReminderBefore: Duration;
  confirmationReminderBefore: Duration;
}

export function timersFor(c: Case, settings: TimerSettings): Timer[] {
  const timers: Timer[] = [];
  const pending = c.offers.find((o) => o.offerId === c.offerId && o.result === "PENDING");
  if (c.state === "OFFERED" && pending) timers.push({ kind: "offer-expiry", caseId: c.caseId, key: c.offerId, dueAt: pending.expiresAt });
  if (isOpenWork(c) && c.deadlineAt && !c.overdue) {
    const deadline = new Date(c.deadlineAt);
    if (c.reminderSentFor !== c.deadlineAt) {
      timers.push({
        kind: "deadline-reminder",
        caseId: c.caseId,
        key: c.deadlineAt,
        dueAt: addDuration(deadline, settings.deadlineReminderBefore, -1).toISOString(),
      });
    }
    timers.push({ kind: "deadline-overdue", caseId: c.caseId, key: c.deadlineAt, dueAt: c.deadlineAt });
  }
  if (c.outcome === "AGREEMENT" && c.confirmationWindowEndsAt && !c.confirmationReminderSent) {
    const end = new Date(c.confirmationWindowEndsAt);
    timers.push({
      kind: "confirmation-reminder",
      caseId: c.caseId,
      key: c.confirmationWindowEndsAt,
      dueAt: addDuration(end, settings.confirmationReminderBefore, -1).toISOString(),
    });
  }
  return timers;
}

/** A closed case whose timers are all spent never needs one again: what is kept to find its timers can go. */
export const closedForGood = (c: Case, timers: Timer[]): boolean => c.state === "CLOSED" && timers.length === 0;
