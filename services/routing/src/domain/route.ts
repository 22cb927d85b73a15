// Where a dispute goes, and why. Pure: the same facts and policy always give the same decision.
import type { CategoryCode, ChannelCode, RiskLevelCode } from "@mediation/contracts/domain";
import { MEDIATION_CHANNELS, type Policy, type PolicyRule } from "./policy.js";
import { riskReason, withPreference } from "./reasons.js";

/** What routing knows of a dispute: codes and counts, never a person's data. */
export interface DisputeFacts {
  category: CategoryCode;
  claimAmountFen: number;
  centreCode: string;
  claimantCount: number;
  /** "" when the parties asked for none. */
  preferredChannel: ChannelCode | "";
  mustReport: boolean;
  /** Disputes against the same respondent in the policy's window, this one included (0: none named). */
  disputesAgainstRespondent: number;
}

export interface Condition {
  description: string;
  held: boolean;
}

export type RiskKind = "MUST_REPORT" | "MASS_CLAIMANTS" | "SAME_RESPONDENT";

export interface RiskFinding {
  kind: RiskKind;
  level: RiskLevelCode;
  count: number;
}

export interface RoutingDecision {
  channel: ChannelCode;
  rule: string;
  /** Why, in Chinese (published as `reason`), and in English (`reason_en`). */
  reason: string;
  reasonEn: string;
  /** The dispute must be offered mediation before litigation guidance (docs/domain-rules.md#mediation-first). */
  mediationFirst: boolean;
  /** Every condition checked, in order, up to and including the rule that matched. */
  conditions: Condition[];
  policyVersion: string;
  /** Risks found; the highest decides the level and the owner. */
  risks: RiskFinding[];
  riskLevel: RiskLevelCode | "";
  /** The owner's office in Chinese (the policy's `name`), as the alert and the work queue carry it; "" without a risk. */
  owner: string;
}

const LEVEL_RANK: Record<RiskLevelCode, number> = { YELLOW: 1, ORANGE: 2, RED: 3 };
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")} yuan`;

function ruleConditions(rule: PolicyRule, f: DisputeFacts): Condition[] {
  const w = rule.when;
  const list: Condition[] = [];
  if (w.categories) list.push({ description: `category is ${w.categories.join(" or ")}`, held: w.categories.includes(f.category) });
  if (w.amountAtMostFen !== undefined)
    list.push({
      description: `claim ${yuan(f.claimAmountFen)} is at or under ${yuan(w.amountAtMostFen)}`,
      held: f.claimAmountFen <= w.amountAtMostFen,
    });
  if (w.amountOverFen !== undefined)
    list.push({
      description: `claim ${yuan(f.claimAmountFen)} is over ${yuan(w.amountOverFen)}`,
      held: f.claimAmountFen > w.amountOverFen,
    });
  if (w.claimantsAtLeast !== undefined)
    list.push({
      description: `${f.claimantCount} claimants is at least ${w.claimantsAtLeast}`,
      held: f.claimantCount >= w.claimantsAtLeast,
    });
  if (w.centres) list.push({ description: `centre is ${w.centres.join(" or ")}`, held: w.centres.includes(f.centreCode) });
  if (list.length === 0) list.push({ description: "no earlier rule matched", held: true });
  return list;
}

function findRisks(f: DisputeFacts, policy: Policy, checked: Condition[]): RiskFinding[] {
  const { mustReport, massClaimants, sameRespondent } = policy.risk;
  const risks: RiskFinding[] = [];
  const check = (description: string, held: boolean, finding: RiskFinding) => {
    checked.push({ description, held });
    if (held) risks.push(finding);
  };
  check("flagged must-report (art. 25: may become a criminal or public-security case)", f.mustReport, {
    kind: "MUST_REPORT",
    level: mustReport.level,
    count: 1,
  });
  check(`${f.claimantCount} claimants is at least ${massClaimants.atLeast} (mass involvement)`, f.claimantCount >= massClaimants.atLeast, {
    kind: "MASS_CLAIMANTS",
    level: massClaimants.level,
    count: f.claimantCount,
  });
  check(
    `${f.disputesAgainstRespondent} disputes against the same respondent within ${sameRespondent.withinDays} days is at least ${sameRespondent.atLeast}`,
    f.disputesAgainstRespondent >= sameRespondent.atLeast,
    { kind: "SAME_RESPONDENT", level: sameRespondent.level, count: f.disputesAgainstRespondent },
  );
  return risks;
}

export function decideRoute(facts: DisputeFacts, policy: Policy): RoutingDecision {
  const checked: Condition[] = [];
  const risks = findRisks(facts, policy, checked);
  if (risks.length > 0) {
    // Art. 25 and mass involvement: escalate to the district with a named owner, never a street queue.
    const top = risks.reduce((a, b) => (LEVEL_RANK[b.level] > LEVEL_RANK[a.level] ? b : a));
    const owner = policy.risk.owners[top.level];
    const why = riskReason(
      top.level,
      risks.map((r) => r.kind),
      owner,
    );
    return {
      channel: "DISTRICT_ESCALATION",
      rule: `risk.${top.kind.toLowerCase().replace(/_/g, "-")}`,
      reason: why.zh,
      reasonEn: why.en,
      mediationFirst: false,
      conditions: checked,
      policyVersion: policy.version,
      risks,
      riskLevel: top.level,
      owner: owner.name,
    };
  }
  for (const rule of policy.rules) {
    const conditions = ruleConditions(rule, facts);
    // Conditions are checked in order and stop at the first that fails, as a reader would.
    for (const condition of conditions) {
      checked.push(condition);
      if (!condition.held) break;
    }
    if (!conditions.every((c) => c.held)) continue;
    const decision: RoutingDecision = {
      channel: rule.channel,
      rule: rule.name,
      reason: rule.reason,
      reasonEn: rule.reasonEn,
      mediationFirst: rule.mediationFirst,
      conditions: checked,
      policyVersion: policy.version,
      risks: [],
      riskLevel: "",
      owner: "",
    };
    return honourPreference(decision, facts, policy);
  }
  throw new Error(`policy ${policy.version} has no rule for ${facts.category}; its last rule must have no conditions`);
}

/** Art. 17: the parties may choose; the policy says which choices it allows, and mediation stays first. */
function honourPreference(decision: RoutingDecision, facts: DisputeFacts, policy: Policy): RoutingDecision {
  const preferred = facts.preferredChannel;
  if (!preferred || preferred === decision.channel) return decision;
  const allowed = policy.preferences[facts.category]?.includes(preferred) ?? false;
  const keepsMediationFirst = !decision.mediationFirst || MEDIATION_CHANNELS.has(preferred);
  const held = allowed && keepsMediationFirst;
  const conditions = [
    ...decision.conditions,
    { description: `the parties asked for ${preferred}, which the policy allows for ${facts.category}`, held },
  ];
  if (!held) return { ...decision, conditions };
  const why = withPreference({ zh: decision.reason, en: decision.reasonEn }, preferred);
  return { ...decision, channel: preferred, rule: `${decision.rule}+preference`, reason: why.zh, reasonEn: why.en, conditions };
}
