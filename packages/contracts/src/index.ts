export * from "./codes.js";
export * from "./events.js";
export * as common from "./gen/mediation/common/v1/common.js";
export type { Event } from "./gen/mediation/events/v1/events.js";
export * as events from "./gen/mediation/events/v1/events.js";
export * as intake from "./gen/mediation/intake/v1/intake.js";
export * as mediation from "./gen/mediation/mediation/v1/mediation.js";
export * as routing from "./gen/mediation/routing/v1/routing.js";
export * as statistics from "./gen/mediation/statistics/v1/statistics.js";
