// Where a dispute goes, and why. Pure: the same facts and policy always give the same decision.
import type { CategoryCode, ChannelCode } from "@mediation/contracts";

/** What routing knows of a dispute: codes and counts, never a person's data. */
export interface DisputeFacts {
  category: CategoryCode;
  claimAmountFen: number;
  centreCode: string;
  claimantCount: number;
}

export interface RoutingPolicy {
  version: string;
  /** SMALL_DEBT at or under this many fen is mediation-first. */
  smallDebtThresholdFen: number;
}

export interface Condition {
  description: string;
  held: boolean;
}

export interface RoutingDecision {
  channel: ChannelCode;
  rule: string;
  reason: string;
  /** The dispute must be offered mediation before litigation guidance (DESIGN.md §2). */
  mediationFirst: boolean;
  /** Every condition checked, in order, up to and including the rule that matched. */
  conditions: Condition[];
  policyVersion: string;
}

interface Rule {
  name: string;
  channel: ChannelCode;
  mediationFirst: boolean;
  when(facts: DisputeFacts, policy: RoutingPolicy): Condition[];
  reason(facts: DisputeFacts, policy: RoutingPolicy): string;
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} yuan`;
const isCategory = (facts: DisputeFacts, category: CategoryCode): Condition => ({
  description: `category is ${category}`,
  held: facts.category === category,
});

// Mediation first: family, neighbour and small-debt disputes go to people's mediation before any
// court route (DESIGN.md §2; People's Mediation Law art. 18 lets the parties be guided to it).
const RULES: Rule[] = [
  {
    name: "mediation-first.family",
    channel: "PEOPLES_MEDIATION",
    mediationFirst: true,
    when: (f) => [isCategory(f, "FAMILY")],
    reason: () => "family disputes go to people's mediation first",
  },
  {
    name: "mediation-first.neighbour",
    channel: "PEOPLES_MEDIATION",
    mediationFirst: true,
    when: (f) => [isCategory(f, "NEIGHBOUR")],
    reason: () => "neighbour disputes go to people's mediation first",
  },
  {
    name: "mediation-first.small-debt",
    channel: "PEOPLES_MEDIATION",
    mediationFirst: true,
    when: (f, p) => [
      isCategory(f, "SMALL_DEBT"),
      {
        description: `claim ${yuan(f.claimAmountFen)} is at or under ${yuan(p.smallDebtThresholdFen)}`,
        held: f.claimAmountFen <= p.smallDebtThresholdFen,
      },
    ],
    reason: (f, p) => `small debt of ${yuan(f.claimAmountFen)} is at or under ${yuan(p.smallDebtThresholdFen)}: people's mediation first`,
  },
  {
    name: "triage.default",
    channel: "TRIAGE",
    mediationFirst: false,
    when: () => [{ description: "no earlier rule matched", held: true }],
    reason: (f, p) =>
      f.category === "SMALL_DEBT"
        ? `small debt of ${yuan(f.claimAmountFen)} is over ${yuan(p.smallDebtThresholdFen)}: not mediation-first; a person decides the channel`
        : `${f.category} has no automatic rule yet: a person decides the channel`,
  },
];

export function decideRoute(facts: DisputeFacts, policy: RoutingPolicy): RoutingDecision {
  const checked: Condition[] = [];
  for (const rule of RULES) {
    const conditions = rule.when(facts, policy);
    // Conditions are checked in order and stop at the first that fails, as a reader would.
    for (const condition of conditions) {
      checked.push(condition);
      if (!condition.held) break;
    }
    if (conditions.every((c) => c.held)) {
      return {
        channel: rule.channel,
        rule: rule.name,
        reason: rule.reason(facts, policy),
        mediationFirst: rule.mediationFirst,
        conditions: checked,
        policyVersion: policy.version,
      };
    }
  }
  throw new Error("the routing rules have no default rule");
}
