import { AUDIT_COLLECTIONS } from "@mediation/audit";
import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import { defineCollection } from "@mediation/store";
import { DATA_KEYS } from "@mediation/store/sealing";
import type { Case } from "../domain/case.js";
import type { StoredMediator } from "./roster.js";

export const CASES = defineCollection<Case>("cases", {
  indexes: ["holderId", "offerId", "disputeId", "state", "open", "confirmationWindowEndsAt", "centreCode"],
  // A mediator's open cases are counted for every offer, and a centre's are listed for its supervisor
  // (ListOpenCases): through these indexes each reads only the open ones, however many have closed.
  // Both lists are read a page at a time in id order (the timer sweep all open cases, ListOpenCases a
  // centre's): ending in id, their indexes serve each page without sorting every open case again.
  compound: [
    ["holderId", "open"],
    ["centreCode", "open", "id"],
    ["open", "id"],
  ],
  schemaVersion: 2,
});
/** The roster: one document per mediator, with the time of the last offer made to them. */
export const MEDIATORS = defineCollection<StoredMediator>("mediators", { indexes: ["centreCode"], schemaVersion: 1 });
/** Centre code → supervisor id. */
export const SUPERVISORS = defineCollection<{ supervisorId: string }>("supervisors", { indexes: [] });

/** Per dispute: routing decisions and withdrawals seen, so a dispute withdrawn before its case never gets one. */
export const DISPUTE_MARKS = defineCollection<{ routed: number; withdrawn: number }>("dispute_marks", { indexes: [] });

export const MEDIATION_COLLECTIONS = [CASES, MEDIATORS, SUPERVISORS, DISPUTE_MARKS, DATA_KEYS, OUTBOX, INBOX, ...AUDIT_COLLECTIONS];
