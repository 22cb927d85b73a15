import type { CollectionSpec } from "../src/index.js";

export const CONTRACT_SPECS: CollectionSpec[] = [
  { name: "disputes", indexes: ["centre", "amount", "state"], schemaVersion: 2 },
  { name: "counters", indexes: [] },
  { name: "outbox", indexes: ["status"] },
];
