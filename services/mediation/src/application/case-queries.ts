import { currentActor } from "@mediation/audit";
import { Violations } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Case } from "../domain/case.js";
import { AUDIT } from "./audit.js";
import { requireIds, strip } from "./change-case.js";
import { CASES } from "./collections.js";

export async function pendingOffers(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  return (await store.collection(CASES).find({ where: { holderId: mediatorId, state: "OFFERED" }, sort: { field: "id" } })).map(strip);
}

/** A mediator's cases, with their agreements' obligations (which name people): each read is audited before it is returned. */
export async function listCases(store: DocumentStore, mediatorId: string): Promise<Case[]> {
  requireIds({ mediator_id: mediatorId });
  const cases = (await store.collection(CASES).find({ where: { holderId: mediatorId }, sort: { field: "id" } })).map(strip);
  await recordListed(store, cases, `mediator ${mediatorId}`);
  return cases;
}

/** Each case of a list, as a read by the caller (`case.list`), before the list is returned. */
async function recordListed(store: DocumentStore, cases: Case[], detail: string): Promise<void> {
  await AUDIT.recordRead(
    store,
    currentActor(AUDIT.service),
    ...cases.map((c) => ({ action: "case.list", recordKind: "case", recordId: c.caseId, centreCode: c.centreCode, detail })),
  );
}

/**
 * Up to `limit` open cases (offered, accepted, in mediation) of one centre or ("") the district, after
 * case id `after`, in id order: the indexes on [centreCode, open, id] and [open, id] serve each page
 * without sorting, so its cost follows the page, however many cases there are. Not audited: the
 * service's own work reads through it as it is; a caller's list is audited by listOpenCases.
 */
export async function openCasesPage(store: DocumentStore, centreCode: string, limit: number, after = ""): Promise<Case[]> {
  const where: Record<string, string | boolean> = centreCode ? { centreCode, open: true } : { open: true };
  return (await store.collection(CASES).find({ where, range: { field: "id", gt: after }, sort: { field: "id" }, limit })).map(strip);
}

export const MAX_CASE_PAGE = 200;

export interface CasePage {
  cases: Case[];
  /** The last case id of this page when there is another; opaque to clients. */
  nextAfter: string | undefined;
}

/**
 * The open cases of one centre or ("") the district, in the order they were opened (case ids are
 * UUIDv7), a page at a time (openCasesPage). Each case listed is audited as a read.
 */
export async function listOpenCases(store: DocumentStore, centreCode: string, pageSize: number, after?: string): Promise<CasePage> {
  new Violations().check(pageSize >= 0 && pageSize <= MAX_CASE_PAGE, "page_size", `must be 1-${MAX_CASE_PAGE}, or 0 for 50`).throwIfAny();
  const size = pageSize || 50;
  const rows = await openCasesPage(store, centreCode, size + 1, after);
  const cases = rows.slice(0, size);
  await recordListed(store, cases, centreCode ? `open cases of centre ${centreCode}` : "open cases of the district");
  return { cases, nextAfter: rows.length > size ? cases.at(-1)?.caseId : undefined };
}

export async function openCasesOf(store: DocumentStore, mediatorId: string): Promise<number> {
  return store.collection(CASES).count({ where: { holderId: mediatorId, open: true } });
}

export interface WaitingCase {
  case: Case;
  /** Whole seconds since the case was routed. */
  ageSeconds: number;
}

/** Cases waiting for a mediator, of one centre or ("") the district, oldest first, with their age. */
export async function listWaiting(store: DocumentStore, centreCode: string, now: Date): Promise<WaitingCase[]> {
  const waiting = (await store.collection(CASES).find({ where: { state: "AWAITING_MEDIATOR" } }))
    .map(strip)
    .filter((c) => !centreCode || c.centreCode === centreCode);
  waiting.sort((a, b) => a.routedAt.localeCompare(b.routedAt) || a.caseId.localeCompare(b.caseId));
  return waiting.map((c) => ({ case: c, ageSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(c.routedAt)) / 1000)) }));
}

/**
 * A resident's access request (docs/domain-rules.md#access-requests): the cases of these disputes, of one centre or
 * ("") all. The answer is a read of personal data, audited as the caller before it is returned.
 */
export async function casesOfDisputes(store: DocumentStore, disputeIds: string[], centreCode: string): Promise<Case[]> {
  const found: Case[] = [];
  const withheld: Case[] = [];
  for (const disputeId of new Set(disputeIds)) {
    for (const c of await store.collection(CASES).find({ where: { disputeId } })) {
      (!centreCode || c.centreCode === centreCode ? found : withheld).push(strip(c));
    }
  }
  // Another centre's cases asked for are withheld, and the attempt recorded where that centre's supervisor sees it.
  const act = (c: Case, action: string) => ({
    action,
    recordKind: "case",
    recordId: c.caseId,
    centreCode: c.centreCode,
    detail: `dispute ${c.disputeId}`,
  });
  await AUDIT.recordRead(
    store,
    currentActor(AUDIT.service),
    ...found.map((c) => act(c, "personal_data.access_request")),
    ...withheld.map((c) => act(c, "personal_data.access_request.refused")),
  );
  return found;
}

/**
 * An access request by a caller whose role may not make one: nothing is returned, and the attempt is recorded as
 * `personal_data.access_request.refused` once per case asked for, under its centre (one entry when none is held).
 */
export async function refuseCaseRecords(store: DocumentStore, disputeIds: string[], why: string): Promise<void> {
  const asked = [...new Set(disputeIds)];
  const cases: Case[] = [];
  for (const disputeId of asked) cases.push(...(await store.collection(CASES).find({ where: { disputeId } })).map(strip));
  const action = "personal_data.access_request.refused";
  await AUDIT.recordRead(
    store,
    currentActor(AUDIT.service),
    ...(cases.length
      ? cases.map((c) => ({
          action,
          recordKind: "case",
          recordId: c.caseId,
          centreCode: c.centreCode,
          detail: `${why}; dispute ${c.disputeId}`,
        }))
      : [{ action, recordKind: "case", recordId: "", centreCode: "", detail: `${why}; none held of ${asked.length} dispute(s) asked` }]),
  );
}
