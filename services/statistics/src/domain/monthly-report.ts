// The monthly report's figures and their definitions (DESIGN.md §2). Pure.
import { MONTH_PATTERN } from "@mediation/contracts";

/** Counts for one month and one scope (the district, a centre, a category, a channel, a mediator). */
export interface MonthCounts {
  received: number;
  routedMediationFirst: number;
  accepted: number;
  closed: number;
  agreements: number;
  noAgreements: number;
  refusals: number;
  withdrawals: number;
}

export const ZERO_COUNTS: MonthCounts = {
  received: 0,
  routedMediationFirst: 0,
  accepted: 0,
  closed: 0,
  agreements: 0,
  noAgreements: 0,
  refusals: 0,
  withdrawals: 0,
};

export interface MonthlyReport extends MonthCounts {
  month: string;
  /** "" for the whole district. */
  centreCode: string;
  /** Percent with two decimals, or "" when nothing closed with or without agreement. */
  successRatePercent: string;
  definitions: Array<{ term: string; meaning: string }>;
}

export const DEFINITIONS: MonthlyReport["definitions"] = [
  { term: "month", meaning: "a calendar month in Asia/Shanghai; each figure counts the events whose own time falls in it" },
  { term: "received", meaning: "disputes submitted by street centres in the month" },
  { term: "routed_mediation_first", meaning: "disputes sent to a mediation-first channel in the month (family, neighbour, small debt)" },
  { term: "accepted", meaning: "cases a mediator accepted in the month" },
  { term: "closed", meaning: "cases closed in the month, by any outcome" },
  {
    term: "success_rate",
    meaning:
      "agreements ÷ (agreements + no-agreements) over cases closed in the month; refusals and withdrawals are reported beside it, not in it",
  },
  { term: "refusals", meaning: "cases closed because a party refused mediation (People's Mediation Law art. 17, 23)" },
  { term: "withdrawals", meaning: "cases closed because the claimant withdrew" },
];

/** Round half up to two decimals, in integers only: money and rates are never floats here. */
export function percentWithTwoDecimals(numerator: number, denominator: number): string {
  if (denominator === 0) return "";
  const scaled = 2 * numerator * 10_000 + denominator;
  const hundredths = (scaled - (scaled % (2 * denominator))) / (2 * denominator);
  return `${(hundredths - (hundredths % 100)) / 100}.${String(hundredths % 100).padStart(2, "0")}`;
}

export function monthlyReport(month: string, centreCode: string, counts: MonthCounts): MonthlyReport {
  return {
    month,
    centreCode,
    ...counts,
    successRatePercent: percentWithTwoDecimals(counts.agreements, counts.agreements + counts.noAgreements),
    definitions: DEFINITIONS,
  };
}

export function isMonth(text: string): boolean {
  return MONTH_PATTERN.test(text);
}
