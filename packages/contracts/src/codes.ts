// The domain's vocabulary as plain string codes: the proto enum names without their prefix
// (DESIGN.md §4). Domain code uses these; only adapters see the generated enums.
import { Category, Channel, Outcome, RiskLevel, WithdrawnBy } from "./gen/mediation/common/v1/common.js";

/** A street centre's (or the district pool's) code, e.g. JD01. */
export const CENTRE_CODE = /^[A-Z0-9]{2,16}$/;
/** A mediator's or supervisor's id in the roster, e.g. M-JD01-01. */
export const PERSON_ID = /^[A-Za-z0-9_-]{1,32}$/;

export const CATEGORIES = [
  "FAMILY",
  "NEIGHBOUR",
  "SMALL_DEBT",
  "HOUSING_RENTAL",
  "LABOUR_WAGES",
  "CONSUMER",
  "COMMERCIAL",
  "EDUCATION_TRAINING",
  "PROPERTY_MANAGEMENT",
  "DAMAGES",
  "DEMOLITION_RESETTLEMENT",
  "ADMINISTRATIVE",
  "OTHER",
] as const;
export type CategoryCode = (typeof CATEGORIES)[number];

export const CHANNELS = [
  "PEOPLES_MEDIATION",
  "LAWYER_MEDIATION",
  "CONSUMER_ASSOCIATION",
  "COMMERCIAL_MEDIATION",
  "LABOUR_MEDIATION",
  "ADMINISTRATIVE_MEDIATION",
  "DISTRICT_ESCALATION",
  "TRIAGE",
  "LITIGATION_GUIDANCE",
  "LABOUR_ARBITRATION",
] as const;
export type ChannelCode = (typeof CHANNELS)[number];

export const RISK_LEVELS = ["YELLOW", "ORANGE", "RED"] as const;
export type RiskLevelCode = (typeof RISK_LEVELS)[number];

export const OUTCOMES = ["AGREEMENT", "NO_AGREEMENT", "REFUSED", "WITHDRAWN"] as const;
export type OutcomeCode = (typeof OUTCOMES)[number];

/** Who withdrew a dispute: the claimant, the respondent with the claimant's agreement, or the centre. */
export const WITHDRAWERS = ["CLAIMANT", "RESPONDENT_BY_AGREEMENT", "CENTRE"] as const;
export type WithdrawnByCode = (typeof WITHDRAWERS)[number];

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
