// Disputes in intake's store. The sealing store seals their parties and summary (sealing-rules.ts); here each
// new dispute is also entered in the blind index of the people it names, for residents' access requests.
import { type Collections, documentOf } from "@mediation/store";
import { DISPUTES, PARTY_INDEX, partyIndexId } from "../../application/collections.js";
import type { DisputeStorage } from "../../application/ports.js";
import type { Dispute } from "../../domain/dispute.js";
import { lookupKeys } from "../../domain/party-key.js";

export class DisputeRecords implements DisputeStorage {
  constructor(private readonly partyKeySecret: string) {}

  async get(tx: Collections, disputeId: string): Promise<Dispute | undefined> {
    const found = await tx.collection(DISPUTES).get(disputeId);
    return found ? documentOf(found) : undefined;
  }

  async create(tx: Collections, dispute: Dispute): Promise<void> {
    await tx.collection(DISPUTES).put(dispute.disputeId, dispute, 0);
    const hashes = new Set(dispute.parties.flatMap((p) => lookupKeys(p, this.partyKeySecret)));
    for (const hash of hashes)
      await tx.collection(PARTY_INDEX).put(partyIndexId(hash, dispute.disputeId), { hash, disputeId: dispute.disputeId }, 0);
  }
}
