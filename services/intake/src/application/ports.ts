import type { Collections } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";

/** Where disputes are kept; the store adapter seals the parties' data on the way in. */
export interface DisputeStorage {
  get(tx: Collections, disputeId: string): Promise<Dispute | undefined>;
  create(tx: Collections, dispute: Dispute): Promise<void>;
  /** Disputes in submission order, after `after`, of one centre or all. */
  page(tx: Collections, centreCode: string, after: string | undefined, limit: number): Promise<Dispute[]>;
}
