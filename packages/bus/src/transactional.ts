// What application code needs inside its transactions, without the NATS client:
// `@mediation/bus/outbox`.
export { appliedRow, applyOnce, INBOX } from "./inbox.js";
export { addToOutbox, OUTBOX, type OutboxRow } from "./outbox.js";
