// Who is responsible for each dispute: one small record per dispute, built from the events in the same
// transaction as the counts, so that "waiting for an owner" is read from a handful of open records.
import type { CategoryCode, ChannelCode } from "@mediation/contracts";
import type { Collections } from "@mediation/store";
import { type Mark, ownerState, summariseWaits, type WaitingSummary, type WaitKind } from "../domain/owner-waits.js";
import { DISPUTE_OWNERS } from "./collections.js";

export interface OwnerRecord {
  disputeId: string;
  centreCode: string;
  marks: Mark[];
  /** Each routing decision, by its time: the channel a withdrawal ended. */
  routes: Array<{ at: string; eventId: string; channel: ChannelCode }>;
  /** Derived from the marks: what the dispute waits for now ("" for nothing), and since when. */
  waiting: WaitKind | "";
  since: string;
  /** The dispute's withdrawal as counted: the channel it was counted on moves if a routing decision before it arrives late. */
  withdrawal?: { at: string; category: CategoryCode; countedOn: ChannelCode | "" };
}

/** What one event tells the owner record. */
export interface DisputeNote {
  disputeId: string;
  centreCode: string;
  mark?: Mark;
  route?: { at: string; eventId: string; channel: ChannelCode };
}

/** Adds the event's mark and route (the caller's applyOnce makes this once per event). */
export async function followDispute(tx: Collections, note: DisputeNote): Promise<OwnerRecord> {
  const rows = tx.collection(DISPUTE_OWNERS);
  const found = await rows.get(note.disputeId);
  const marks = [...(found?.marks ?? []), ...(note.mark ? [note.mark] : [])];
  const routes = [...(found?.routes ?? []), ...(note.route ? [note.route] : [])];
  const { waiting, since } = ownerState(marks);
  const record: OwnerRecord = {
    disputeId: note.disputeId,
    centreCode: note.centreCode || found?.centreCode || "",
    marks,
    routes,
    waiting,
    since,
    ...(found?.withdrawal ? { withdrawal: found.withdrawal } : {}),
  };
  await rows.put(note.disputeId, record, found?.version ?? 0);
  return record;
}

/** Stores the record again with its withdrawal as now counted. */
export async function rememberWithdrawal(
  tx: Collections,
  record: OwnerRecord,
  withdrawal: NonNullable<OwnerRecord["withdrawal"]>,
): Promise<void> {
  const rows = tx.collection(DISPUTE_OWNERS);
  const found = await rows.get(record.disputeId);
  await rows.put(record.disputeId, { ...record, withdrawal }, found?.version ?? 0);
}

/** The channel the dispute was on at `at`: its last routing decision at or before then, or "". */
export function channelAt(record: OwnerRecord, at: Date): ChannelCode | "" {
  const iso = at.toISOString();
  const before = record.routes.filter((r) => r.at <= iso).sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
  return before.at(-1)?.channel ?? "";
}

const WAIT_KINDS: WaitKind[] = ["TRIAGE", "ESCALATION", "AWAITING_MEDIATOR"];

/** Disputes waiting for an owner as of `asOf`, in the district ("") or one centre. */
export async function waitingForOwner(tx: Collections, centreCode: string, asOf: Date): Promise<WaitingSummary> {
  const rows = tx.collection(DISPUTE_OWNERS);
  const open = [];
  for (const waiting of WAIT_KINDS) {
    const found = await rows.find({ where: centreCode ? { waiting, centreCode } : { waiting } });
    open.push(...found.map((r) => ({ waiting: r.waiting, since: r.since })));
  }
  return summariseWaits(open, asOf);
}
