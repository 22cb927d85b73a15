import type { Timer } from "../domain/timers.js";

/** Holds timers until they are due and hands them back (BullMQ). Not a source of truth. */
export interface TimerScheduler {
  schedule(timers: Timer[]): Promise<void>;
  /** Removes every timer of the case still waiting (a case withdrawn with its dispute). */
  cancel(caseId: string): Promise<void>;
  /** Makes the scheduler hold exactly what `needed` loads (the sweep): adds the missing, removes the stale. */
  reconcile(needed: () => Promise<Timer[]>): Promise<SweepResult>;
}

export interface SweepResult {
  needed: number;
  added: number;
  removed: number;
  /** Milliseconds spent listing the queue, reading the cases, adding and removing (for the log). */
  took?: { list: number; cases: number; add: number; remove: number };
}
