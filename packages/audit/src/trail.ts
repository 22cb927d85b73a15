// The store side of the audit trail: one collection of entries and one head document per service.
// An entry is appended inside the caller's transaction, so it commits with the change it records or
// not at all; the head (the last sequence and hash) is replaced at its version, so two writers can
// never both take the same place in the chain (the store retries or refuses the second).
import type { Collections, DocumentStore } from "@mediation/store";
import { defineCollection, documentOf, VersionConflict } from "@mediation/store";
import { currentActor } from "./acting.js";
import { type Act, type Actor, type AuditEntry, chainEntry, entryId } from "./entry.js";

export const AUDIT_ENTRIES = defineCollection<AuditEntry>("audit_entries", {
  // No index of `sequence`: the id is the sequence, padded (entryId), so the chain is read in id order.
  indexes: ["atKey", "recordId", "subject", "centreCode"],
  schemaVersion: 1,
});
export const AUDIT_HEAD = defineCollection<{ sequence: number; hash: string }>("audit_head", { indexes: [] });

/** Declare these when opening a service's store. */
export const AUDIT_COLLECTIONS = [AUDIT_ENTRIES, AUDIT_HEAD];

const HEAD = "head";

/** Appends entries, one per act, inside `tx`: they commit with whatever else `tx` writes. */
export async function appendAudit(tx: Collections, service: string, actor: Actor, acts: Act[], now = new Date()): Promise<AuditEntry[]> {
  if (acts.length === 0) return [];
  const heads = tx.collection(AUDIT_HEAD);
  const head = await heads.get(HEAD);
  let previous = head ? { sequence: head.sequence, hash: head.hash } : undefined;
  const written: AuditEntry[] = [];
  for (const act of acts) {
    const entry = chainEntry(previous, service, actor, act, now);
    await tx.collection(AUDIT_ENTRIES).put(entryId(entry.sequence), entry, 0);
    written.push(entry);
    previous = { sequence: entry.sequence, hash: entry.hash };
  }
  if (previous) await heads.put(HEAD, previous, head?.version ?? 0);
  return written;
}

/** An audit trail bound to one service: what use cases are given. */
export class AuditTrail {
  constructor(
    readonly service: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records a change inside its own transaction, as the caller named by `actingAs` (or the service itself). */
  recordChange(tx: Collections, ...acts: Act[]): Promise<AuditEntry[]> {
    return appendAudit(tx, this.service, currentActor(this.service), acts, this.now());
  }

  /** Records a change inside the change's own transaction. */
  record(tx: Collections, actor: Actor, ...acts: Act[]): Promise<AuditEntry[]> {
    return appendAudit(tx, this.service, actor, acts, this.now());
  }

  /** Records a read in its own transaction; resolves once committed, so the caller returns the data only after. */
  async recordRead(store: DocumentStore, actor: Actor, ...acts: Act[]): Promise<AuditEntry[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await store.transaction((tx) => appendAudit(tx, this.service, actor, acts, this.now()));
      } catch (error) {
        // Another writer took the next place in the chain first (MongoDB): take the one after it.
        if (!(error instanceof VersionConflict) || attempt === 5) throw error;
      }
    }
  }
}

/** Work a service does on its own (timers, consumers): the actor is the service itself. */
export const serviceActor = (service: string, traceId = ""): Actor => ({
  subject: `service:${service}`,
  role: "service",
  centreCode: "",
  mediatorId: "",
  peer: "",
  traceId,
});

export const stripEntry = documentOf<AuditEntry>;
