// What each event adds to the monthly counts, and to which scopes. Pure: the read model applies it.
// Counts are flat numeric fields, so both stores can add to them atomically.
import type { CategoryCode, ChannelCode, OutcomeCode, RiskLevelCode } from "@mediation/contracts/domain";

export type Fact =
  | { kind: "received"; at: Date; centreCode: string; category: CategoryCode }
  | {
      kind: "routed";
      at: Date;
      centreCode: string;
      category: CategoryCode;
      channel: ChannelCode;
      mediationFirst: boolean;
      sequence: number;
    }
  | {
      kind: "accepted";
      at: Date;
      centreCode: string;
      category: CategoryCode;
      channel: ChannelCode;
      mediatorId: string;
      daysToAssignment: number | undefined;
    }
  | {
      kind: "closed";
      at: Date;
      centreCode: string;
      category: CategoryCode;
      channel: ChannelCode;
      mediatorId: string;
      outcome: OutcomeCode;
      daysToClose: number | undefined;
      /** Closed because the centre withdrew the dispute: the withdrawal is counted once, from that fact. */
      byWithdrawal?: boolean;
    }
  | {
      kind: "withdrawn";
      at: Date;
      centreCode: string;
      category: CategoryCode;
      /** The channel the dispute was on when it was withdrawn ("" before any routing), known from the dispute's own record. */
      endedOn?: ChannelCode | "";
    }
  /** A withdrawal counted on one channel belongs on another: a routing decision before it arrived late. */
  | { kind: "withdrawalMoved"; at: Date; centreCode: string; category: CategoryCode; from: ChannelCode | ""; to: ChannelCode | "" }
  | { kind: "guidance"; at: Date; centreCode: string; category: CategoryCode; channel: ChannelCode }
  | { kind: "overdue"; at: Date; centreCode: string; category: CategoryCode; channel: ChannelCode; mediatorId: string }
  | { kind: "alert"; at: Date; centreCode: string; category: CategoryCode; level: RiskLevelCode };

export type Counts = Record<string, number>;

export interface Increment {
  scope: string;
  deltas: Counts;
}

/** Days are counted whole; 400 stands for "400 or more". */
export const MAX_DAYS = 400;
export const dayBucket = (days: number) => Math.min(MAX_DAYS, Math.max(0, Math.floor(days)));

const OUTCOME_FIELD: Record<OutcomeCode, string> = {
  AGREEMENT: "agreements",
  NO_AGREEMENT: "noAgreements",
  REFUSED: "refusals",
  WITHDRAWN: "withdrawals",
  GUIDANCE_GIVEN: "guidanceGiven",
};
/** Where a dispute was when a withdrawal ended it before any routing. */
export const NOT_ROUTED = "NONE";
/** A dispute's stay on a channel ended with an outcome: `ended_<channel>_<outcome>`. */
export const endedField = (channel: string, outcome: OutcomeCode) => `ended_${channel || NOT_ROUTED}_${outcome}`;
const RISK_FIELD: Record<RiskLevelCode, string> = { RED: "riskRed", ORANGE: "riskOrange", YELLOW: "riskYellow" };

export const DIMENSIONS = ["centre", "category", "channel", "mediator"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * The scopes a fact counts in: the district, each dimension it has, and the same dimensions within
 * its centre (so that a centre's report has its own breakdowns).
 */
export function scopesOf(fact: Fact): string[] {
  const dims: Array<[Dimension, string]> = [["category", fact.category]];
  if ("channel" in fact) dims.push(["channel", fact.channel]);
  if ("mediatorId" in fact && fact.mediatorId) dims.push(["mediator", fact.mediatorId]);
  const centre = `centre:${fact.centreCode}`;
  return ["district", centre, ...dims.map(([d, k]) => `${d}:${k}`), ...dims.map(([d, k]) => `${centre}/${d}:${k}`)];
}

export function deltasOf(fact: Fact): Counts {
  switch (fact.kind) {
    case "received":
      return { received: 1 };
    case "routed":
      // Onward routing after mediation is not a new dispute arriving: only the first decision counts.
      if (fact.sequence > 1) return {};
      return { [`routed_${fact.channel}`]: 1, ...(fact.mediationFirst ? { routedMediationFirst: 1 } : {}) };
    case "accepted":
      return { accepted: 1, ...(fact.daysToAssignment === undefined ? {} : { [`assignDays_${dayBucket(fact.daysToAssignment)}`]: 1 }) };
    case "closed":
      return {
        closed: 1,
        ...(fact.byWithdrawal ? {} : { [OUTCOME_FIELD[fact.outcome]]: 1, [endedField(fact.channel, fact.outcome)]: 1 }),
        ...(fact.daysToClose === undefined ? {} : { [`closeDays_${dayBucket(fact.daysToClose)}`]: 1 }),
      };
    case "withdrawn":
      return { withdrawals: 1, ...(fact.endedOn === undefined ? {} : { [endedField(fact.endedOn, "WITHDRAWN")]: 1 }) };
    case "withdrawalMoved":
      return { [endedField(fact.from, "WITHDRAWN")]: -1, [endedField(fact.to, "WITHDRAWN")]: 1 };
    case "guidance":
      // Guidance ends a terminal channel; no mediator held it, so it is not a case closed from the backlog.
      return { guidanceGiven: 1, [endedField(fact.channel, "GUIDANCE_GIVEN")]: 1 };
    case "overdue":
      return { overdue: 1 };
    case "alert":
      return { [RISK_FIELD[fact.level]]: 1 };
  }
}

export function tally(fact: Fact): Increment[] {
  const deltas = deltasOf(fact);
  if (Object.keys(deltas).length === 0) return [];
  return scopesOf(fact).map((scope) => ({ scope, deltas }));
}

export const daysBetween = (from: Date | undefined, to: Date | undefined) =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 86_400_000) : undefined;
