import { type CollectionSpec, defineCollection } from "../src/index.js";

export type Dispute = { centre: string; amount: number; state: string; notes?: string[] };
export type Counter = { label: string; received: number; closed: number };

export const DISPUTES = defineCollection<Dispute>("disputes", { indexes: ["centre", "amount", "state"], schemaVersion: 2 });
export const COUNTERS = defineCollection<Counter>("counters", { indexes: [] });
export const OUTBOX = defineCollection<{ status: string }>("outbox", { indexes: ["status"] });

export const CONTRACT_SPECS: CollectionSpec[] = [DISPUTES, COUNTERS, OUTBOX];
