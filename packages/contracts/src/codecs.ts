// Between the domain's string codes and the generated proto enums: for adapters, not the domain.
import {
  CATEGORIES,
  type CategoryCode,
  CHANNELS,
  type ChannelCode,
  OUTCOMES,
  type OutcomeCode,
  RISK_LEVELS,
  type RiskLevelCode,
  WITHDRAWERS,
  type WithdrawnByCode,
} from "./codes.js";
import { Category, Channel, Outcome, RiskLevel, WithdrawnBy } from "./gen/mediation/common/v1/common.js";

function codec<Code extends string>(enumObject: Record<string, string | number>, prefix: string, codes: readonly Code[]) {
  return {
    /** The code of a proto enum value, or undefined for UNSPECIFIED and unknown numbers. */
    toCode(value: number): Code | undefined {
      const name = enumObject[value];
      if (typeof name !== "string" || !name.startsWith(prefix)) return undefined;
      const code = name.slice(prefix.length) as Code;
      return codes.includes(code) ? code : undefined;
    },
    /** The proto enum value of a code. */
    fromCode(code: Code): number {
      return enumObject[`${prefix}${code}`] as number;
    },
    /** Parses a user-typed code ("family", "FAMILY", "CATEGORY_FAMILY"). */
    parse(text: string): Code | undefined {
      const upper = text.trim().toUpperCase().replace(/-/g, "_");
      const code = (upper.startsWith(prefix) ? upper.slice(prefix.length) : upper) as Code;
      return codes.includes(code) ? code : undefined;
    },
  };
}

export const categoryCodec = codec<CategoryCode>(Category as never, "CATEGORY_", CATEGORIES);
export const channelCodec = codec<ChannelCode>(Channel as never, "CHANNEL_", CHANNELS);
export const outcomeCodec = codec<OutcomeCode>(Outcome as never, "OUTCOME_", OUTCOMES);
export const riskLevelCodec = codec<RiskLevelCode>(RiskLevel as never, "RISK_LEVEL_", RISK_LEVELS);
export const withdrawnByCodec = codec<WithdrawnByCode>(WithdrawnBy as never, "WITHDRAWN_BY_", WITHDRAWERS);
