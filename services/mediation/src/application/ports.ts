import type { Timer } from "../domain/timers.js";

/** Holds timers until they are due and hands them back (BullMQ). Not a source of truth. */
export interface TimerScheduler {
  /** Adds the timers not already waiting. A failure leaves their cases for the next sweep to look at. */
  schedule(timers: Timer[]): Promise<void>;
  /** Removes every timer of the case still waiting, and what it kept to find them (a case withdrawn, or closed for good). */
  cancel(caseId: string): Promise<void>;
  /**
   * The sweep (docs/architecture.md#timers). Full, the scheduler is made to hold exactly what
   * `read.all` loads: at the first sweep, when the scheduler may have lost timers since its last full
   * sweep (Redis restarted, failed over, flushed), or when `backstop` asks. Otherwise incremental: only
   * the cases it is unsure of (a schedule or cancel that failed, a job that failed all its attempts)
   * are read, through `read.of`.
   */
  sweep(read: TimerReads, backstop: boolean): Promise<SweepResult>;
}

/** The timers some cases need now, and how many cases were read to know it. */
export interface TimersRead {
  cases: number;
  timers: Timer[];
  /** Cases that will never need a timer again (closed with none pending, or gone): what was kept for them can go. */
  finished?: string[];
}

export interface TimerReads {
  /** Every timer any case needs. */
  all(): Promise<TimersRead>;
  /** The timers these cases need. */
  of(caseIds: string[]): Promise<TimersRead>;
}

export interface SweepResult {
  kind: "full" | "incremental";
  /** Why a full sweep ran: "start", "the last full sweep failed", "Redis restarted", "Redis lost its keys" or "backstop". */
  reason?: string;
  /** Cases read from the store. */
  cases: number;
  needed: number;
  added: number;
  removed: number;
  /** Cases whose timers Redis refused (the others' went in): the next sweep looks at them again. */
  refused: string[];
  /** Milliseconds spent listing the queue, reading the cases, adding and removing (for the log). */
  took: { list: number; cases: number; add: number; remove: number };
}
