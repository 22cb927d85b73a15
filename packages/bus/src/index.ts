export { ensureStreams, type NatsSettings, streamConfigs } from "./connection.js";
export type { ConsumerLag } from "./consumer-lag.js";
export { COUNTS_LINGER_MS, type Delivery, type EventFor, type SubscribeOptions } from "./delivery.js";
export { type BusOptions, EventBus, type Subscription } from "./event-bus.js";
export { OutboxRelay, type RelayOptions } from "./relay.js";
export { type StreamNames, streamNames } from "./streams.js";
export { addToOutbox, applyOnce, INBOX, OUTBOX } from "./transactional.js";
