// Disputes waiting for an owner (docs/domain-rules.md#waiting-for-an-owner): routed to TRIAGE with no
// decision yet, routed to DISTRICT_ESCALATION and not acknowledged, or a case nobody took
// (case.escalated) not yet assigned, offered again, closed or withdrawn. Pure: the read model keeps
// each dispute's marks; its state is a function of the set of marks, whatever order they came in.

export type WaitKind = "TRIAGE" | "ESCALATION" | "AWAITING_MEDIATOR";

/** What one event says about who is responsible for a dispute. */
export interface Mark {
  /** ISO-8601 instant of the event's own time. */
  at: string;
  eventId: string;
  /** Waiting for this kind of owner from `at`; "" when someone is responsible from then on. */
  waits: WaitKind | "";
  /** The dispute ended (withdrawn, guidance given, agreement): nothing after it makes it wait again. */
  ends?: boolean;
}

export interface OwnerState {
  waiting: WaitKind | "";
  /** When the current wait began, or "". */
  since: string;
}

const byTime = (a: Mark, b: Mark) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId);

export function ownerState(marks: Mark[]): OwnerState {
  if (marks.some((m) => m.ends)) return { waiting: "", since: "" };
  const last = [...marks].sort(byTime).at(-1);
  return last?.waits ? { waiting: last.waits, since: last.at } : { waiting: "", since: "" };
}

export interface WaitingSummary {
  asOf: string;
  total: number;
  triage: number;
  escalation: number;
  awaitingMediator: number;
  /** Whole seconds the oldest has waited at `asOf`; 0 when none waits. */
  oldestAgeSeconds: number;
}

export function summariseWaits(waits: OwnerState[], asOf: Date): WaitingSummary {
  const open = waits.filter((w) => w.waiting !== "");
  const count = (kind: WaitKind) => open.filter((w) => w.waiting === kind).length;
  const oldest = open.map((w) => w.since).sort()[0];
  return {
    asOf: asOf.toISOString(),
    total: open.length,
    triage: count("TRIAGE"),
    escalation: count("ESCALATION"),
    awaitingMediator: count("AWAITING_MEDIATOR"),
    oldestAgeSeconds: oldest ? Math.max(0, Math.floor((asOf.getTime() - new Date(oldest).getTime()) / 1000)) : 0,
  };
}
