// Onward routing: when mediation ends in refusal or without agreement, the case goes on
// (docs/domain-rules.md#mediation-first: such disputes reach litigation guidance only after that). Pure.
import type { CategoryCode, ChannelCode, OutcomeCode } from "@mediation/contracts/domain";
import { MEDIATION_CHANNELS, type Policy } from "./policy.js";
import { onwardReason } from "./reasons.js";

export interface OnwardDecision {
  channel: ChannelCode;
  rule: string;
  /** Why, in Chinese and in English. */
  reason: string;
  reasonEn: string;
}

/** The next channel after a mediation case closed, or undefined when the case ends there. */
export function decideOnward(
  category: CategoryCode,
  mediatedIn: ChannelCode,
  outcome: OutcomeCode,
  policy: Policy,
): OnwardDecision | undefined {
  if (!MEDIATION_CHANNELS.has(mediatedIn)) return undefined;
  if (outcome !== "REFUSED" && outcome !== "NO_AGREEMENT") return undefined;
  const channel = policy.onward.byCategory[category] ?? policy.onward.default;
  const why = onwardReason(category, outcome, channel);
  return {
    channel,
    rule: outcome === "REFUSED" ? "onward.after-refusal" : "onward.after-no-agreement",
    reason: why.zh,
    reasonEn: why.en,
  };
}
