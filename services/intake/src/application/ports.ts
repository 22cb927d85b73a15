import type { Collections } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";

/** Where disputes are kept; the sealing store seals the parties' data on the way in. */
export interface DisputeStorage {
  get(tx: Collections, disputeId: string): Promise<Dispute | undefined>;
  create(tx: Collections, dispute: Dispute): Promise<void>;
}

/** Records a change to a dispute in the change's own transaction (the audit trail; docs/architecture.md#audit-trail). */
export type RecordChange = (tx: Collections, change: { action: string; dispute: Dispute; detail?: string }) => Promise<unknown>;
