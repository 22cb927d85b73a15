// After a dispute's data key is erased (docs/domain-rules.md#retention), its entries in the blind index go too:
// nothing then links a person to it.
import type { DocumentStore } from "@mediation/store";
import { PARTY_INDEX } from "./collections.js";

export async function forgetParties(store: DocumentStore, disputeIds: string[]): Promise<void> {
  for (const disputeId of disputeIds) {
    for (const row of await store.collection(PARTY_INDEX).find({ where: { disputeId }, limit: 1000 })) {
      await store.collection(PARTY_INDEX).delete(row.id, row.version);
    }
  }
}
