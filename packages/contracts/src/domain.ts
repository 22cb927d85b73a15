// What domain code may use from contracts (`@mediation/contracts/domain`): the codes, the errors
// and the calendar. No generated code, no gRPC: domain code stays pure.
export * from "./calendar.js";
export * from "./codes.js";
export * from "./errors.js";
