// A resident's request to see what is held about them (PIPL art. 44-45; docs/domain-rules.md#access-requests):
// the disputes naming the person are found through the blind index (keyed hashes of the normalised ID number and
// name), never by opening every record; only the disputes found are opened.
import { Violations } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { DATA_KEYS } from "@mediation/store/sealing";
import type { Dispute, Party } from "../domain/dispute.js";
import { lookupKeys, normaliseIdentity, normaliseIdNumber } from "../domain/party-key.js";
import type { Progress } from "../domain/timeline.js";
import { PARTY_INDEX, partyIndexRange } from "./collections.js";
import type { DisputeStorage } from "./ports.js";
import { findProgress } from "./timeline.js";

export interface PersonQuery {
  idNumber: string;
  name: string;
}

export interface Holding {
  dispute: Dispute;
  progress: Progress | undefined;
  /** The dispute's parties that are this person. */
  parties: Party[];
  /** When the personal data is to be erased (ISO-8601), once the dispute has ended. */
  eraseAfter: string | undefined;
}

/** `centreCode` limits the answer to one centre's disputes ("" for the district). */
export async function findPersonalData(
  store: DocumentStore,
  disputes: DisputeStorage,
  partyKeySecret: string,
  centreCode: string,
  query: PersonQuery,
): Promise<Holding[]> {
  const idNumber = normaliseIdNumber(query.idNumber);
  const name = normaliseIdentity(query.name);
  new Violations().check(Boolean(idNumber || name), "id_number", "give the person's ID number or name (or both)").throwIfAny();
  const hashes = lookupKeys({ idNumber, name: query.name }, partyKeySecret);
  const ids = new Set<string>();
  for (const hash of hashes) {
    for (const row of await store.collection(PARTY_INDEX).find({ range: partyIndexRange(hash), limit: 1000 })) ids.add(row.disputeId);
  }
  const isThePerson = (p: Party) =>
    (idNumber !== "" && normaliseIdNumber(p.idNumber) === idNumber) || (name !== "" && normaliseIdentity(p.name) === name);
  const holdings: Holding[] = [];
  for (const disputeId of [...ids].sort()) {
    const dispute = await disputes.get(store, disputeId);
    if (!dispute || (centreCode && dispute.centreCode !== centreCode)) continue;
    const key = await store.collection(DATA_KEYS).get(disputeId);
    holdings.push({
      dispute,
      progress: await findProgress(store, disputeId),
      parties: dispute.parties.filter(isThePerson),
      eraseAfter: key?.eraseAfter || undefined,
    });
  }
  return holdings;
}
