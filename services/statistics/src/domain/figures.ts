// The report's figures from pre-aggregated counts, and their definitions (docs/domain-rules.md#success-rate). Pure.
import { CHANNELS, OUTCOMES } from "@mediation/contracts/domain";
import { DEFINITIONS } from "./definitions.js";
import { type Counts, endedField, MAX_DAYS, NOT_ROUTED } from "./tally.js";

export { DEFINITIONS };

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
  /** Terminal channels ended with the centre's guidance. */
  guidanceGiven: number;
  /** Disputes that ended at the centre: agreements, guidance given, withdrawals. */
  ended: number;
  /** Agreements in any mediation channel ÷ disputes ended at the centre, in percent ("" when none ended). */
  resolvedAcrossChannelsPercent: string;
  /** Each channel's stays that ended in the month, by outcome ("NONE": withdrawn before routing). */
  endedByChannel: Array<{ channel: string; outcome: string; count: number }>;
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
  const guidanceGiven = n(counts, "guidanceGiven");
  const ended = agreements + guidanceGiven + n(counts, "withdrawals");
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
    guidanceGiven,
    ended,
    resolvedAcrossChannelsPercent: percentWithTwoDecimals(agreements, ended),
    endedByChannel: [...CHANNELS, NOT_ROUTED].flatMap((channel) =>
      OUTCOMES.map((outcome) => ({ channel, outcome, count: n(counts, endedField(channel, outcome)) })).filter((c) => c.count !== 0),
    ),
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
  "guidanceGiven",
  "ended",
  "backlog",
  "overdue",
  "riskAlertsRed",
  "riskAlertsOrange",
  "riskAlertsYellow",
];

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** Changes from `before` to `now`: counts as differences, the success rate in percentage points. */
export function changesBetween(now: Figures, before: Figures): Array<{ figure: string; change: string }> {
  // A month published before a figure existed has none: it counts as 0 there.
  const value = (f: Figures, figure: keyof Figures) => (f[figure] as number | undefined) ?? 0;
  const changes = COUNTED.map((figure) => ({ figure, change: signed(value(now, figure) - value(before, figure)) }));
  const rate = (text: string) => (text === "" ? undefined : Math.round(Number(text) * 100));
  const [a, b] = [rate(now.successRatePercent), rate(before.successRatePercent)];
  const pp = a === undefined || b === undefined ? "" : `${a - b > 0 ? "+" : ""}${hundredthsToText(a - b)} pp`;
  changes.push({ figure: "successRatePercent", change: pp });
  return changes;
}
