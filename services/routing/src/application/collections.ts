import { AUDIT_COLLECTIONS } from "@mediation/audit";
import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import { defineCollection } from "@mediation/store";
import type { Sighting, StoredAlert, StoredDecision, StoredFacts } from "./records.js";
import { WITHDRAWN, WORK_ITEMS } from "./work-items.js";

/** Every routing decision, first and onward, kept for explanation and audit. */
export const DECISIONS = defineCollection<StoredDecision>("decisions", { indexes: ["disputeId", "routedAt"], schemaVersion: 1 });
/** The facts of each submitted dispute (codes and counts only), for what-if replays by month. */
export const DISPUTE_FACTS = defineCollection<StoredFacts>("dispute_facts", { indexes: ["month"], schemaVersion: 1 });
/** Which disputes named which respondent (by intake's keyed hash), for mass-involvement risk. */
export const SIGHTINGS = defineCollection<Sighting>("respondent_sightings", {
  indexes: ["respondentKey", "submittedAt"],
  // One respondent's sightings inside the window, read without walking their older ones.
  compound: [["respondentKey", "submittedAt"]],
  schemaVersion: 1,
});
export const ALERTS = defineCollection<StoredAlert>("risk_alerts", { indexes: ["respondentKey", "raisedAt"], schemaVersion: 1 });

export const ROUTING_COLLECTIONS = [
  DECISIONS,
  DISPUTE_FACTS,
  SIGHTINGS,
  ALERTS,
  WORK_ITEMS,
  WITHDRAWN,
  OUTBOX,
  INBOX,
  ...AUDIT_COLLECTIONS,
];
