// What routing keeps, and what its use cases depend on.
import type { CategoryCode, ChannelCode } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Policy } from "../domain/policy.js";
import type { DisputeFacts, RoutingDecision } from "../domain/route.js";

export interface RouteDeps {
  store: DocumentStore;
  policy: () => Policy;
  eventsStored(): void;
  now?: () => Date;
}

export interface StoredDecision {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  sequence: number;
  channel: ChannelCode;
  rule: string;
  /** Why, in Chinese; reasonEn in English ("" for a person's own words, and in decisions stored before it was kept). */
  reason: string;
  reasonEn?: string;
  mediationFirst: boolean;
  policyVersion: string;
  routedAt: string;
  riskLevel: string;
  alertId: string;
  conditions: RoutingDecision["conditions"];
  /** Rule "manual": the subject of the person who chose the channel. */
  decidedBy?: string;
}

export type StoredFacts = DisputeFacts & { disputeId: string; month: string; submittedAt: string };

export type Sighting = { respondentKey: string; disputeId: string; centreCode: string; submittedAt: string };
export type StoredAlert = { kind: string; level: string; respondentKey: string; disputeId: string; raisedAt: string; owner: string };
