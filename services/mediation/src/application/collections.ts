import { INBOX, OUTBOX } from "@mediation/bus";
import type { CollectionSpec } from "@mediation/store";

export const CASES: CollectionSpec = { name: "cases", indexes: ["holderId", "offerId", "disputeId", "state", "open"], schemaVersion: 2 };
/** The roster: one document per mediator, with the time of the last offer made to them. */
export const MEDIATORS: CollectionSpec = { name: "mediators", indexes: ["centreCode"], schemaVersion: 1 };
/** Centre code → supervisor id. */
export const SUPERVISORS: CollectionSpec = { name: "supervisors", indexes: [] };

/** Per dispute: routing decisions and withdrawals seen, so a dispute withdrawn before its case never gets one. */
export const DISPUTE_MARKS: CollectionSpec = { name: "dispute_marks", indexes: [] };

export const MEDIATION_COLLECTIONS = [CASES, MEDIATORS, SUPERVISORS, DISPUTE_MARKS, OUTBOX, INBOX];
