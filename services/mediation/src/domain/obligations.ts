// The obligations of an agreement (People's Mediation Law art. 28-29: who does what, how, and by
// when). Pure checks; the limits are sanity bounds of this system, not legal rules.
import type { Violations } from "@mediation/contracts/domain";

/** One obligation of an agreement: who, what, how, by when. */
export interface Obligation {
  obligor: string;
  terms: string;
  manner: string;
  /** ISO-8601 instant; the gRPC edge passes a value no date can hold as text that does not parse. */
  dueBy: string;
}

export const OBLIGATION_LIMITS = {
  count: 20,
  text: 500,
  /** How far ahead a due date may be: far beyond any agreement a street centre writes. */
  years: 10,
} as const;

const DAY_MS = 86_400_000;

/**
 * Adds a violation per bad obligation, naming it (`obligations[3].terms`). A due date is a real
 * date, not before the day the case started (a date typed without a time is midnight, so a day's
 * grace), and at most ten years after `now`.
 */
export function checkObligations(v: Violations, obligations: Obligation[], caseStartedAt: string, now: Date): void {
  const { count, text, years } = OBLIGATION_LIMITS;
  v.check(obligations.length <= count, "obligations", `at most ${count} obligations in one agreement`);
  const earliest = new Date(caseStartedAt).getTime() - DAY_MS;
  const latest = new Date(now).setUTCFullYear(now.getUTCFullYear() + years);
  obligations.slice(0, count).forEach((o, i) => {
    const at = `obligations[${i}]`;
    v.check(o.obligor.trim() !== "", `${at}.obligor`, "is required");
    v.check(o.obligor.length <= text, `${at}.obligor`, `at most ${text} characters`);
    v.check(o.terms.trim() !== "", `${at}.terms`, "is required");
    v.check(o.terms.length <= text, `${at}.terms`, `at most ${text} characters`);
    v.check(o.manner.length <= text, `${at}.manner`, `at most ${text} characters`);
    const due = Date.parse(o.dueBy);
    if (o.dueBy === "") v.add(`${at}.due_by`, "is required");
    else if (Number.isNaN(due)) v.add(`${at}.due_by`, "must be a real date");
    else if (due < earliest) v.add(`${at}.due_by`, "cannot be before the case started");
    else if (due > latest) v.add(`${at}.due_by`, `must be at most ${years} years ahead`);
  });
}
