export * from "./calendar.js";
export * from "./codecs.js";
export * from "./codes.js";
export * from "./errors.js";
/** Every event message and enum (proto package mediation.events.v1, over several files). */
export * as events from "./event-messages.js";
export * from "./events.js";
export * as audit from "./gen/mediation/audit/v1/audit.js";
export * as common from "./gen/mediation/common/v1/common.js";
export type { Event } from "./gen/mediation/events/v1/events.js";
export * as intake from "./gen/mediation/intake/v1/intake.js";
/** Residents' access requests to intake (docs/domain-rules.md#access-requests). */
export * as intakePrivacy from "./gen/mediation/intake/v1/personal_data.js";
/** Residents' access requests to mediation (docs/domain-rules.md#access-requests). */
export * as mediationPrivacy from "./gen/mediation/mediation/v1/personal_data.js";
export * as routing from "./gen/mediation/routing/v1/routing.js";
export * as statistics from "./gen/mediation/statistics/v1/statistics.js";
export * as mediation from "./mediation-v1.js";
