import { INBOX, OUTBOX } from "@mediation/bus";
import type { CollectionSpec } from "@mediation/store";

export const CASES: CollectionSpec = { name: "cases", indexes: ["holderId", "offerId", "disputeId", "state", "open"], schemaVersion: 1 };

export const MEDIATION_COLLECTIONS = [CASES, OUTBOX, INBOX];
