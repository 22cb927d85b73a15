// Onward routing: when mediation ends in refusal or without agreement, the case goes on
// (docs/domain-rules.md#mediation-first: such disputes reach litigation guidance only after that). Pure.
import type { CategoryCode, ChannelCode, OutcomeCode } from "@mediation/contracts/domain";
import { MEDIATION_CHANNELS, type Policy } from "./policy.js";

export interface OnwardDecision {
  channel: ChannelCode;
  rule: string;
  reason: string;
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
  const why =
    outcome === "REFUSED"
      ? "a party refused mediation (People's Mediation Law art. 17, 23)"
      : category === "LABOUR_WAGES"
        ? "labour mediation ended without agreement: arbitration opens"
        : "mediation ended without agreement";
  return {
    channel,
    rule: outcome === "REFUSED" ? "onward.after-refusal" : "onward.after-no-agreement",
    reason: `${why}; onward to ${channel}`,
  };
}
