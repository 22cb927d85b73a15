export { DATA_KEYS, type DataKey, Envelope, Erased } from "./envelope.js";
export { decryptWith, encryptWith, KEY_ID, type KeyEntry, KeyRing, MissingKey } from "./key-ring.js";
export { type ResealProgress, type ResealResult, resealDataKeys } from "./reseal.js";
export { eraseExpired, startErasureSweep } from "./retention.js";
export { type SealingRule, sealingStore } from "./sealing-store.js";
