// The domain's vocabulary as plain string codes: the proto enum names without their prefix
// (docs/architecture.md#grpc-apis). Domain code uses these; only adapters see the generated enums (codecs.ts).

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

export const OUTCOMES = ["AGREEMENT", "NO_AGREEMENT", "REFUSED", "WITHDRAWN", "GUIDANCE_GIVEN"] as const;
export type OutcomeCode = (typeof OUTCOMES)[number];
/** The outcomes a mediator closes a case with; GUIDANCE_GIVEN ends a terminal channel at intake instead. */
export const CASE_OUTCOMES = ["AGREEMENT", "NO_AGREEMENT", "REFUSED", "WITHDRAWN"] as const satisfies readonly OutcomeCode[];
/** Channels where the centre only tells the parties where to turn: the dispute ends with guidance (GUIDANCE_GIVEN). */
export const TERMINAL_CHANNELS = ["LITIGATION_GUIDANCE", "LABOUR_ARBITRATION"] as const satisfies readonly ChannelCode[];

/** Who withdrew a dispute: the claimant, the respondent with the claimant's agreement, or the centre. */
export const WITHDRAWERS = ["CLAIMANT", "RESPONDENT_BY_AGREEMENT", "CENTRE"] as const;
export type WithdrawnByCode = (typeof WITHDRAWERS)[number];
