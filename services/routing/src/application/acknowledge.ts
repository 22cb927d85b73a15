// A person takes charge of a DISTRICT_ESCALATION dispute, or of a risk alert, with a note that stays
// here (it may name people). Idempotent: a second acknowledgement answers with the first.
//
// Who acknowledges a risk alert: the policy names its owner by office (区中心主任, 区中心副主任,
// 区中心值班人员: the district centre's director, deputy director, duty officer), all district offices.
// So the district (an admin, or a supervisor bound to no centre) acknowledges; a centre's supervisor
// sees their centre's alerts but may not acknowledge.
import { addToOutbox } from "@mediation/bus/outbox";
import { FailedPrecondition, NotFound, PermissionDenied, Violations } from "@mediation/contracts";
import { documentOf } from "@mediation/store";
import { ageSeconds, canActOn, checkText } from "../domain/work-queue.js";
import { recordAcknowledgement } from "./audit.js";
import { escalationAcknowledged, riskAlertAcknowledged } from "./events.js";
import type { Caller } from "./list-work-queue.js";
import type { RouteDeps } from "./records.js";
import { alertItemId, disputeItemId, type StoredWorkItem, WORK_ITEMS } from "./work-items.js";

export interface Acknowledgement {
  acknowledgedBy: string;
  acknowledgedAt: Date;
  secondsToAcknowledge: number;
}

const answer = (i: StoredWorkItem): Acknowledgement => ({
  acknowledgedBy: i.acknowledgedBy,
  acknowledgedAt: new Date(i.acknowledgedAt),
  secondsToAcknowledge: ageSeconds(i.waitingSince, new Date(i.acknowledgedAt)),
});

async function acknowledge(
  deps: RouteDeps,
  caller: Caller,
  id: string,
  what: string,
  note: string,
  check: (item: StoredWorkItem) => void,
  after: (item: StoredWorkItem) => Pick<StoredWorkItem, "kind" | "open" | "closedBy">,
  event: typeof escalationAcknowledged | typeof riskAlertAcknowledged,
): Promise<Acknowledgement> {
  checkText(new Violations().check(Boolean(id), what === "alert" ? "alert_id" : "dispute_id", "is required"), "note", note).throwIfAny();
  let stored = false;
  const result = await deps.store.transaction(async (tx) => {
    const items = tx.collection(WORK_ITEMS);
    const key = what === "alert" ? alertItemId(id) : disputeItemId(id);
    const item = await items.get(key);
    if (!item || !canActOn(caller.centreCode, item.centreCode)) throw new NotFound(`no ${what} ${id} in your queue`);
    // The risk alert's owner is a district office (see above).
    if (what === "alert" && caller.centreCode)
      throw new PermissionDenied(
        `the policy names ${item.owner || "a district officer"} as this alert's owner: the district acknowledges it`,
      );
    if (item.acknowledgedAt) return answer(item);
    check(item);
    if (!item.open) throw new FailedPrecondition(`${what} ${id} no longer waits (${item.closedBy})`);
    const now = (deps.now ?? (() => new Date()))();
    const acknowledged: StoredWorkItem = {
      ...documentOf(item),
      ...after(item),
      acknowledgedBy: caller.subject,
      acknowledgedAt: now.toISOString(),
      note,
      changedAt: now.toISOString(),
    };
    await items.put(key, acknowledged, item.version);
    await recordAcknowledgement(tx, acknowledged);
    await addToOutbox(tx, [event(acknowledged, caller.subject, now)]);
    stored = true;
    return answer(acknowledged);
  });
  if (stored) deps.eventsStored();
  return result;
}

export function acknowledgeEscalation(deps: RouteDeps, caller: Caller, disputeId: string, note: string): Promise<Acknowledgement> {
  return acknowledge(
    deps,
    caller,
    disputeId,
    "dispute",
    note,
    (item) => {
      if (item.kind !== "ESCALATION") throw new FailedPrecondition(`dispute ${disputeId} is not escalated to the district (${item.kind})`);
    },
    () => ({ kind: "ESCALATION_DECISION", open: true, closedBy: "" }),
    escalationAcknowledged,
  );
}

export function acknowledgeRiskAlert(deps: RouteDeps, caller: Caller, alertId: string, note: string): Promise<Acknowledgement> {
  return acknowledge(
    deps,
    caller,
    alertId,
    "alert",
    note,
    () => undefined,
    () => ({ kind: "RISK_ALERT", open: false, closedBy: "acknowledged" }),
    riskAlertAcknowledged,
  );
}
