import { INBOX, OUTBOX } from "@mediation/bus";
import type { CollectionSpec } from "@mediation/store";

/** Every routing decision, first and onward, kept for explanation and audit. */
export const DECISIONS: CollectionSpec = { name: "decisions", indexes: ["disputeId", "routedAt"], schemaVersion: 1 };

export const ROUTING_COLLECTIONS = [DECISIONS, OUTBOX, INBOX];
