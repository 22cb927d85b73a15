export { type BusOptions, type Delivery, EventBus, type EventFor, type SubscribeOptions, type Subscription } from "./event-bus.js";
export { applyOnce, INBOX } from "./inbox.js";
export { addToOutbox, OUTBOX, OutboxRelay, type RelayOptions } from "./outbox.js";
export { type StreamNames, streamNames } from "./streams.js";
