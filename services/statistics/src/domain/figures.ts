// The report's figures from pre-aggregated counts, and their definitions (docs/domain-rules.md#success-rate). Pure.
import { CHANNELS } from "@mediation/contracts/domain";
import { type Counts, MAX_DAYS } from "./tally.js";

export interface Figures {
  received: number;
  routedMediationFirst: number;
  routedByChannel: Array<{ channel: string; count: number }>;
  accepted: number;
  closed: number;
  agreements: number;
  noAgreements: number;
  refusals: number;
  withdrawals: number;
  successRatePercent: string;
  backlog: number;
  overdue: number;
  medianDaysToAssignment: number | undefined;
  p90DaysToAssignment: number | undefined;
  medianDaysToClose: number | undefined;
  p90DaysToClose: number | undefined;
  riskAlertsRed: number;
  riskAlertsOrange: number;
  riskAlertsYellow: number;
}

/** Round half up to two decimals, in integers only: rates are never floats here. */
export function percentWithTwoDecimals(numerator: number, denominator: number): string {
  if (denominator === 0) return "";
  return hundredthsToText(roundedDivision(numerator * 10_000, denominator));
}

function roundedDivision(numerator: number, denominator: number): number {
  const scaled = 2 * numerator + denominator;
  return (scaled - (scaled % (2 * denominator))) / (2 * denominator);
}

function hundredthsToText(hundredths: number): string {
  const sign = hundredths < 0 ? "-" : "";
  const abs = Math.abs(hundredths);
  return `${sign}${(abs - (abs % 100)) / 100}.${String(abs % 100).padStart(2, "0")}`;
}

/** The nearest-rank percentile of a day histogram (`<prefix><day>` fields): the smallest day d with at least ⌈p·N⌉ cases at or under d. */
export function percentileDays(counts: Counts, prefix: string, p: number): number | undefined {
  let total = 0;
  for (let d = 0; d <= MAX_DAYS; d++) total += counts[`${prefix}${d}`] ?? 0;
  if (total === 0) return undefined;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let d = 0; d <= MAX_DAYS; d++) {
    seen += counts[`${prefix}${d}`] ?? 0;
    if (seen >= rank) return d;
  }
  return MAX_DAYS;
}

const n = (counts: Counts, field: string) => counts[field] ?? 0;

export function figuresOf(counts: Counts, backlog: number): Figures {
  const agreements = n(counts, "agreements");
  const noAgreements = n(counts, "noAgreements");
  return {
    received: n(counts, "received"),
    routedMediationFirst: n(counts, "routedMediationFirst"),
    routedByChannel: CHANNELS.map((channel) => ({ channel, count: n(counts, `routed_${channel}`) })).filter((c) => c.count !== 0),
    accepted: n(counts, "accepted"),
    closed: n(counts, "closed"),
    agreements,
    noAgreements,
    refusals: n(counts, "refusals"),
    withdrawals: n(counts, "withdrawals"),
    successRatePercent: percentWithTwoDecimals(agreements, agreements + noAgreements),
    backlog,
    overdue: n(counts, "overdue"),
    medianDaysToAssignment: percentileDays(counts, "assignDays_", 0.5),
    p90DaysToAssignment: percentileDays(counts, "assignDays_", 0.9),
    medianDaysToClose: percentileDays(counts, "closeDays_", 0.5),
    p90DaysToClose: percentileDays(counts, "closeDays_", 0.9),
    riskAlertsRed: n(counts, "riskRed"),
    riskAlertsOrange: n(counts, "riskOrange"),
    riskAlertsYellow: n(counts, "riskYellow"),
  };
}

const COUNTED: Array<keyof Figures> = [
  "received",
  "routedMediationFirst",
  "accepted",
  "closed",
  "agreements",
  "noAgreements",
  "refusals",
  "withdrawals",
  "backlog",
  "overdue",
  "riskAlertsRed",
  "riskAlertsOrange",
  "riskAlertsYellow",
];

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** Changes from `before` to `now`: counts as differences, the success rate in percentage points. */
export function changesBetween(now: Figures, before: Figures): Array<{ figure: string; change: string }> {
  const changes = COUNTED.map((figure) => ({ figure, change: signed((now[figure] as number) - (before[figure] as number)) }));
  const rate = (text: string) => (text === "" ? undefined : Math.round(Number(text) * 100));
  const [a, b] = [rate(now.successRatePercent), rate(before.successRatePercent)];
  const pp = a === undefined || b === undefined ? "" : `${a - b > 0 ? "+" : ""}${hundredthsToText(a - b)} pp`;
  changes.push({ figure: "successRatePercent", change: pp });
  return changes;
}

export const DEFINITIONS = [
  { term: "month", meaning: "a calendar month in Asia/Shanghai; each figure counts the events whose own time falls in it" },
  { term: "received", meaning: "disputes submitted by street centres in the month" },
  {
    term: "routed_by_channel",
    meaning: "first routing decisions in the month, by channel; onward routing after mediation is not counted again",
  },
  { term: "routed_mediation_first", meaning: "disputes sent to a mediation-first channel in the month (family, neighbour, small debt)" },
  { term: "accepted", meaning: "cases a mediator accepted in the month" },
  {
    term: "closed",
    meaning:
      "cases closed in the month after a mediator accepted them, by any outcome (a case closed because its dispute was withdrawn included)",
  },
  {
    term: "success_rate",
    meaning:
      "agreements ÷ (agreements + no-agreements) over cases closed in the month, in percent, rounded half up to two decimals; refusals and withdrawals are reported beside it, not in it",
  },
  { term: "refusals", meaning: "cases closed because a party refused mediation (People's Mediation Law art. 17, 23)" },
  {
    term: "withdrawals",
    meaning:
      "disputes withdrawn in the month, each once: by the street centre at any stage before closing, or closed as WITHDRAWN by the mediator",
  },
  { term: "backlog", meaning: "cases accepted by a mediator and not closed at the end of the month" },
  { term: "overdue", meaning: "cases whose legal deadline passed in the month while they were open" },
  {
    term: "days_to_assignment",
    meaning:
      "whole days from submission to a mediator's acceptance, for cases accepted in the month; median and 90th percentile by nearest rank",
  },
  {
    term: "days_to_close",
    meaning: "whole days from submission to closing, for cases closed in the month; median and 90th percentile by nearest rank",
  },
  { term: "risk_alerts", meaning: "risk alerts raised in the month, by level (RED, ORANGE, YELLOW)" },
  {
    term: "change",
    meaning: "against the previous month and the same month a year before: counts as differences, rates in percentage points (pp)",
  },
  {
    term: "corrections",
    meaning: "events for an already published month that arrived after it was published; the published report stays as it was",
  },
];
