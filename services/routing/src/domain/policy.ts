// The routing policy: data a district can change without a developer (services/routing/policy.yaml).
// Pure: its shape, and the invariants of the law that no policy may break.
import type { CategoryCode, ChannelCode, RiskLevelCode } from "@mediation/contracts/domain";
import { HAN } from "./reasons.js";

export interface RuleWhen {
  categories?: CategoryCode[];
  /** Claim at or under this many fen. */
  amountAtMostFen?: number;
  /** Claim over this many fen. */
  amountOverFen?: number;
  claimantsAtLeast?: number;
  centres?: string[];
}

export interface PolicyRule {
  name: string;
  when: RuleWhen;
  channel: ChannelCode;
  /** Mediation must be offered before any court route (docs/domain-rules.md#mediation-first). */
  mediationFirst: boolean;
  /** Why, in Chinese: what a street centre and a supervisor read first. */
  reason: string;
  /** The same reason in English. */
  reasonEn: string;
}

/** A district office that takes escalated cases, named as the policy's rules give their reasons. */
export interface RiskOwner {
  /** In Chinese: what the district and the centres read first. */
  name: string;
  /** The same office in English. */
  nameEn: string;
}

export interface RiskPolicy {
  /** People's Mediation Law art. 25: may become a criminal or public-security case. */
  mustReport: { level: RiskLevelCode };
  massClaimants: { atLeast: number; level: RiskLevelCode };
  sameRespondent: { atLeast: number; withinDays: number; level: RiskLevelCode };
  /** Who takes an escalated case, by level ("the leader takes the case"). */
  owners: Record<RiskLevelCode, RiskOwner>;
}

export interface Policy {
  version: string;
  /** First match wins; the last rule has no conditions, so every dispute gets exactly one channel. */
  rules: PolicyRule[];
  /** Channels the parties may ask for, by category. */
  preferences: Partial<Record<CategoryCode, ChannelCode[]>>;
  /** Where a case goes when mediation ends in refusal or without agreement. */
  onward: { default: ChannelCode; byCategory: Partial<Record<CategoryCode, ChannelCode>> };
  risk: RiskPolicy;
}

/** Channels where a mediator (of whatever kind) works with the parties. */
export const MEDIATION_CHANNELS: ReadonlySet<ChannelCode> = new Set([
  "PEOPLES_MEDIATION",
  "LAWYER_MEDIATION",
  "CONSUMER_ASSOCIATION",
  "COMMERCIAL_MEDIATION",
  "LABOUR_MEDIATION",
  "ADMINISTRATIVE_MEDIATION",
]);

/** Categories the law sends to mediation first (docs/domain-rules.md#mediation-first). SMALL_DEBT only up to its threshold. */
const ALWAYS_MEDIATION_FIRST: ReadonlySet<CategoryCode> = new Set(["FAMILY", "NEIGHBOUR"]);

/** A problem with a policy, by its path in the file (e.g. `rules[3].channel`). */
export interface PolicyProblem {
  path: (string | number)[];
  message: string;
}

/** The law's invariants over a well-formed policy; an empty list when it may be used. */
export function policyProblems(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const last = policy.rules.at(-1);
  if (!last || Object.keys(last.when).length > 0) {
    problems.push({
      path: ["rules", Math.max(0, policy.rules.length - 1)],
      message: "the last rule must have no conditions (`when: {}`), so that every dispute gets a channel",
    });
  }
  const names = new Set<string>();
  policy.rules.forEach((rule, i) => {
    if (names.has(rule.name)) problems.push({ path: ["rules", i, "name"], message: `rule name "${rule.name}" is used twice` });
    names.add(rule.name);
    // People read Chinese first: every rule says why in Chinese, with the English beside it.
    if (!HAN.test(rule.reason))
      problems.push({
        path: ["rules", i, "reason"],
        message: `rule "${rule.name}" needs its reason in Chinese (e.g. \`reason: 家事纠纷先行人民调解\`); got "${rule.reason}"`,
      });
    if (!rule.reasonEn.trim())
      problems.push({ path: ["rules", i, "reasonEn"], message: `rule "${rule.name}" needs its reason in English as well (\`reasonEn:\`)` });
    if (rule.mediationFirst && !MEDIATION_CHANNELS.has(rule.channel)) {
      problems.push({
        path: ["rules", i, "channel"],
        message: `a mediation-first rule must send to a mediation channel, not ${rule.channel}`,
      });
    }
    if (rule.channel === "LITIGATION_GUIDANCE") {
      const categories = rule.when.categories;
      // Mediation first: family and neighbour disputes, and small debts, never go straight to court guidance.
      if (
        !categories ||
        categories.some((c) => ALWAYS_MEDIATION_FIRST.has(c)) ||
        (categories.includes("SMALL_DEBT") && rule.when.amountOverFen === undefined)
      ) {
        problems.push({
          path: ["rules", i, "channel"],
          message:
            "family, neighbour and small-debt disputes go to mediation first; LITIGATION_GUIDANCE is only reached onward, after a refusal or no agreement",
        });
      }
    }
    if (
      rule.when.amountAtMostFen !== undefined &&
      rule.when.amountOverFen !== undefined &&
      rule.when.amountOverFen >= rule.when.amountAtMostFen
    ) {
      problems.push({ path: ["rules", i, "when"], message: "amountOverFen must be below amountAtMostFen, or the rule can never match" });
    }
  });
  // The owner is named in the reason a centre and the district read: Chinese first, the English beside it.
  for (const [level, owner] of Object.entries(policy.risk.owners)) {
    if (!HAN.test(owner.name))
      problems.push({
        path: ["risk", "owners", level, "name"],
        message: `the ${level} risk owner needs its name in Chinese (e.g. \`name: 区中心主任\`); got "${owner.name}"`,
      });
    if (!owner.nameEn.trim())
      problems.push({
        path: ["risk", "owners", level, "nameEn"],
        message: `the ${level} risk owner needs its name in English as well (\`nameEn:\`)`,
      });
  }
  for (const [category, channels] of Object.entries(policy.preferences)) {
    if (channels?.includes("LITIGATION_GUIDANCE") && (ALWAYS_MEDIATION_FIRST.has(category as CategoryCode) || category === "SMALL_DEBT")) {
      problems.push({
        path: ["preferences", category],
        message: `${category} disputes go to mediation first; parties cannot ask for LITIGATION_GUIDANCE up front`,
      });
    }
  }
  return problems;
}
