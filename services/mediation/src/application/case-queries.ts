import type { DocumentStore } from "@mediation/store";
import type { Case } from "../domain/case.js";
import { requireIds, strip } from "./change-case.js";
import { CASES } from "./collections.js";

export async function pendingOffers(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  return (await store.collection(CASES).find({ where: { holderId: mediatorId, state: "OFFERED" }, sort: { field: "id" } })).map(strip);
}

export async function listCases(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  requireIds({ mediator_id: mediatorId });
  return (await store.collection(CASES).find({ where: { holderId: mediatorId }, sort: { field: "id" } })).map(strip);
}

export async function openCasesOf(store: DocumentStore, mediatorId: string): Promise<number> {
  return store.collection(CASES).count({ where: { holderId: mediatorId, open: true } });
}
