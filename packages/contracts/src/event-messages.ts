// The `events` namespace of this package: every message and enum of the proto package mediation.events.v1,
// whose files (proto/mediation/events/v1/) are generated one module each. A new file there is added here;
// test/contracts.test.ts fails until it is.
export * from "./gen/mediation/events/v1/case.js";
export * from "./gen/mediation/events/v1/deadline.js";
export * from "./gen/mediation/events/v1/dispute.js";
export * from "./gen/mediation/events/v1/events.js";
// Every generated module declares these; the envelope's win, so `events.protobufFileName` is still events.proto.
export {
  type DeepPartial,
  type Exact,
  type MessageFns,
  protobufFileName,
  protobufPackage,
} from "./gen/mediation/events/v1/events.js";
export * from "./gen/mediation/events/v1/offer.js";
export * from "./gen/mediation/events/v1/report.js";
export * from "./gen/mediation/events/v1/risk.js";
export * from "./gen/mediation/events/v1/roster.js";
export * from "./gen/mediation/events/v1/supervision.js";
export * from "./gen/mediation/events/v1/withdrawal.js";
