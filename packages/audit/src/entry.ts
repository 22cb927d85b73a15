// An audit entry and its place in the chain (docs/architecture.md#audit-trail). Pure: the hash is
// SHA-256 over a canonical encoding — a JSON array of the fields in a fixed order — so the same
// entry always hashes the same, whatever order a database gives its fields back in.
import { createHash } from "node:crypto";

/** Who acted, from where, under which trace: what a service learns of its caller. */
export interface Actor {
  subject: string;
  role: string;
  centreCode: string;
  mediatorId: string;
  /** The caller's address as the server saw it, e.g. "ipv4:127.0.0.1:53122"; "" for work the service does itself. */
  peer: string;
  /** The OpenTelemetry trace id, or "". */
  traceId: string;
}

/** What was done to which record. */
export interface Act {
  /** e.g. "dispute.read", "dispute.submit", "case.close", "roster.change". */
  action: string;
  /** "dispute", "case", "mediator", "policy", … */
  recordKind: string;
  recordId: string;
  /** The centre the record belongs to, "" when district-wide: what a centre's supervisor may query. */
  centreCode: string;
  /** What was shown or why: "full", "masked", a stated reason, a short note on the change. */
  detail?: string;
}

/** One stored entry. Its document id is its sequence number, zero-padded, so id order is chain order. */
export interface AuditEntry {
  sequence: number;
  /** ISO-8601 instant. */
  at: string;
  service: string;
  subject: string;
  role: string;
  actorCentreCode: string;
  actorMediatorId: string;
  action: string;
  recordKind: string;
  recordId: string;
  centreCode: string;
  peer: string;
  traceId: string;
  detail: string;
  previousHash: string;
  /** `at` and the padded sequence: one sortable, unique key for time ranges and paging. */
  atKey: string;
  hash: string;
}

export const entryId = (sequence: number) => String(sequence).padStart(12, "0");
export const atKeyOf = (at: string, sequence: number) => `${at}#${entryId(sequence)}`;

/** The canonical encoding: every field but `hash` (and `atKey`, which is derived), in this order. */
export function canonical(e: Omit<AuditEntry, "hash" | "atKey">): string {
  return JSON.stringify([
    e.sequence,
    e.at,
    e.service,
    e.subject,
    e.role,
    e.actorCentreCode,
    e.actorMediatorId,
    e.action,
    e.recordKind,
    e.recordId,
    e.centreCode,
    e.peer,
    e.traceId,
    e.detail,
    e.previousHash,
  ]);
}

export const hashOf = (e: Omit<AuditEntry, "hash" | "atKey">) => createHash("sha256").update(canonical(e), "utf8").digest("hex");

/** The entry that follows `previous` (undefined for the first), with its hash. */
export function chainEntry(
  previous: { sequence: number; hash: string } | undefined,
  service: string,
  actor: Actor,
  act: Act,
  at: Date,
): AuditEntry {
  const sequence = (previous?.sequence ?? 0) + 1;
  const body = {
    sequence,
    at: at.toISOString(),
    service,
    subject: actor.subject,
    role: actor.role,
    actorCentreCode: actor.centreCode,
    actorMediatorId: actor.mediatorId,
    action: act.action,
    recordKind: act.recordKind,
    recordId: act.recordId,
    centreCode: act.centreCode,
    peer: actor.peer,
    traceId: actor.traceId,
    detail: act.detail ?? "",
    previousHash: previous?.hash ?? "",
  };
  return { ...body, atKey: atKeyOf(body.at, sequence), hash: hashOf(body) };
}

/** Why `entry` does not follow `previous` in the chain, or undefined when it does. */
export function brokenLink(previous: { sequence: number; hash: string } | undefined, entry: AuditEntry): string | undefined {
  const expected = (previous?.sequence ?? 0) + 1;
  if (entry.sequence !== expected) return `sequence ${entry.sequence} where ${expected} was expected (an entry is missing or moved)`;
  if (entry.previousHash !== (previous?.hash ?? "")) return "its previous_hash is not the hash of the entry before it";
  if (entry.hash !== hashOf(entry)) return "its content does not match its hash (it was altered)";
  if (entry.atKey !== atKeyOf(entry.at, entry.sequence)) return "its time key does not match its time";
  return undefined;
}
