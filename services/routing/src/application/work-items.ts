// Routing's work items: what waits for a person, written in the transaction of the decision or the
// event that creates it. An item is closed (open: false), never deleted, so that an acknowledgement
// and its note stay, and so that events arriving out of order cannot bring back what was done.
import type { CategoryCode, ChannelCode } from "@mediation/contracts";
import { type Collections, defineCollection, documentOf } from "@mediation/store";
import type { WorkKind } from "../domain/work-queue.js";
import type { StoredDecision } from "./records.js";

export interface StoredWorkItem {
  kind: WorkKind;
  open: boolean;
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  /** Since when the dispute (or alert, or case) has waited. */
  waitingSince: string;
  /** The time of the last event that changed the item: an older event never undoes a newer one. */
  changedAt: string;
  /** Why it waits, in Chinese; reasonEn in English (absent in items filed before it was kept). */
  reason: string;
  reasonEn?: string;
  /** TRIAGE, ESCALATION: the decision it came from, and the parties' chosen mediator to pass on. */
  sequence: number;
  preferredMediatorId: string;
  /** RISK_ALERT. */
  alertId: string;
  riskLevel: string;
  owner: string;
  /** AWAITING_MEDIATOR. */
  caseId: string;
  channel: ChannelCode | "";
  /** ESCALATION_DECISION and an acknowledged RISK_ALERT: who, when, and their note (kept here only). */
  acknowledgedBy: string;
  acknowledgedAt: string;
  note: string;
  /** Who closed it and how: "decided", "acknowledged", "assigned", "withdrawn", "closed". */
  closedBy: string;
}

export const WORK_ITEMS = defineCollection<StoredWorkItem>("work_items", {
  indexes: ["open", "centreCode", "disputeId", "caseId", "kind"],
  schemaVersion: 1,
});
/** Disputes withdrawn, so that a decision or an escalation that arrives later opens no item. */
export const WITHDRAWN = defineCollection<{ disputeId: string; withdrawnAt: string }>("withdrawn_disputes", {
  indexes: [],
  schemaVersion: 1,
});

const BLANK = {
  open: true,
  reason: "",
  reasonEn: "",
  sequence: 0,
  preferredMediatorId: "",
  alertId: "",
  riskLevel: "",
  owner: "",
  caseId: "",
  channel: "",
  acknowledgedBy: "",
  acknowledgedAt: "",
  note: "",
  closedBy: "",
} as const;

export const disputeItemId = (disputeId: string) => `dispute:${disputeId}`;
export const alertItemId = (alertId: string) => `alert:${alertId}`;
export const caseItemId = (caseId: string) => `case:${caseId}`;

async function isWithdrawn(tx: Collections, disputeId: string): Promise<boolean> {
  return Boolean(await tx.collection(WITHDRAWN).get(disputeId));
}

/** A decision to TRIAGE or DISTRICT_ESCALATION waits for a person to choose the channel. */
export async function openDecisionItem(tx: Collections, d: StoredDecision, preferredMediatorId: string): Promise<void> {
  if (d.channel !== "TRIAGE" && d.channel !== "DISTRICT_ESCALATION") return;
  if (await isWithdrawn(tx, d.disputeId)) return;
  const items = tx.collection(WORK_ITEMS);
  const id = disputeItemId(d.disputeId);
  const item: StoredWorkItem = {
    ...BLANK,
    kind: d.channel === "TRIAGE" ? "TRIAGE" : "ESCALATION",
    disputeId: d.disputeId,
    centreCode: d.centreCode,
    category: d.category,
    waitingSince: d.routedAt,
    changedAt: d.routedAt,
    reason: d.reason,
    reasonEn: d.reasonEn ?? "",
    sequence: d.sequence,
    preferredMediatorId,
  };
  const seen = await items.get(id);
  await items.put(id, item, seen?.version ?? 0);
}

export interface AlertItem {
  alertId: string;
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  level: string;
  owner: string;
  reason: string;
  reasonEn: string;
  raisedAt: string;
}

/** A raised risk alert waits for its owner's acknowledgement. */
export async function openAlertItem(tx: Collections, a: AlertItem): Promise<void> {
  if (await isWithdrawn(tx, a.disputeId)) return;
  await tx.collection(WORK_ITEMS).put(
    alertItemId(a.alertId),
    {
      ...BLANK,
      kind: "RISK_ALERT",
      disputeId: a.disputeId,
      centreCode: a.centreCode,
      category: a.category,
      waitingSince: a.raisedAt,
      changedAt: a.raisedAt,
      reason: a.reason,
      reasonEn: a.reasonEn,
      alertId: a.alertId,
      riskLevel: a.level,
      owner: a.owner,
    },
    0,
  );
}

export interface EscalatedCase {
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
  reason: string;
  reasonEn: string;
  escalatedAt: string;
}

/** A case nobody could take waits for a supervisor, unless something newer already moved it on. */
export async function openCaseItem(tx: Collections, c: EscalatedCase): Promise<void> {
  if (await isWithdrawn(tx, c.disputeId)) return;
  const items = tx.collection(WORK_ITEMS);
  const id = caseItemId(c.caseId);
  const seen = await items.get(id);
  if (seen && seen.changedAt >= c.escalatedAt) return;
  const item: StoredWorkItem = { ...BLANK, kind: "AWAITING_MEDIATOR", ...c, waitingSince: c.escalatedAt, changedAt: c.escalatedAt };
  await items.put(id, item, seen?.version ?? 0);
}

export interface MovedCase {
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  /** When it moved on, and how: "assigned", "offered", "closed". */
  at: string;
  closedBy: string;
}

/** The case was assigned, offered again, or closed: it no longer waits. */
export async function closeCaseItem(tx: Collections, c: MovedCase): Promise<void> {
  const items = tx.collection(WORK_ITEMS);
  const id = caseItemId(c.caseId);
  const seen = await items.get(id);
  if (seen && seen.changedAt > c.at) return;
  // Not seen yet: remember the case moved on, so that an older case.escalated arriving late opens nothing.
  const base: StoredWorkItem = seen
    ? documentOf(seen)
    : {
        ...BLANK,
        kind: "AWAITING_MEDIATOR",
        disputeId: c.disputeId,
        centreCode: c.centreCode,
        category: c.category,
        waitingSince: c.at,
        changedAt: c.at,
        caseId: c.caseId,
      };
  await items.put(id, { ...base, open: false, changedAt: c.at, closedBy: c.closedBy }, seen?.version ?? 0);
}

/** A withdrawn dispute leaves the queue entirely, and nothing of it comes back. */
export async function closeDisputeItems(tx: Collections, disputeId: string, withdrawnAt: string): Promise<number> {
  const withdrawn = tx.collection(WITHDRAWN);
  if (!(await withdrawn.get(disputeId))) await withdrawn.put(disputeId, { disputeId, withdrawnAt }, 0);
  const items = tx.collection(WORK_ITEMS);
  const open = await items.find({ where: { disputeId, open: true } });
  for (const item of open) await items.put(item.id, { ...documentOf(item), open: false, closedBy: "withdrawn" }, item.version);
  return open.length;
}
