// A dispute's progress as its street centre sees it: the steps the events report, in time order, and
// the state they lead to. Pure: the read model feeds it steps and stores what it returns.
import {
  type CategoryCode,
  type ChannelCode,
  type OutcomeCode,
  type RiskLevelCode,
  TERMINAL_CHANNELS,
  type WithdrawnByCode,
} from "@mediation/contracts/domain";

export type DisputeState = "SUBMITTED" | "ROUTED" | "OFFERED" | "AWAITING_MEDIATOR" | "ACCEPTED" | "IN_MEDIATION" | "CLOSED" | "WITHDRAWN";

export type StepKind =
  | "SUBMITTED"
  | "ROUTED"
  | "ROUTED_ONWARD"
  | "RISK_ALERT"
  | "OFFERED"
  | "OFFER_DECLINED"
  | "OFFER_EXPIRED"
  | "OFFER_WITHDRAWN"
  | "ESCALATED"
  | "ACCEPTED"
  | "ASSIGNED"
  | "REASSIGNED"
  | "SESSION_HELD"
  | "DEADLINE_EXTENDED"
  | "OVERDUE"
  | "CLOSED"
  | "WITHDRAWN"
  | "ESCALATION_ACKNOWLEDGED"
  | "RISK_ALERT_ACKNOWLEDGED"
  | "GUIDANCE_RECORDED";

/** One step, from one event. Only the fields its kind has are set (stored as JSON: no undefined values). */
export interface Step {
  kind: StepKind;
  /** ISO-8601 instant. */
  at: string;
  /** The event that reported it: orders steps of the same instant. */
  eventId: string;
  channel?: ChannelCode;
  rule?: string;
  /** ROUTED: why, in Chinese (an older event's reason is the English it carried); reasonEn in English. */
  reason?: string;
  reasonEn?: string;
  personId?: string;
  caseId?: string;
  outcome?: OutcomeCode;
  deadlineAt?: string;
  previousDeadlineAt?: string;
  sessionNumber?: number;
  riskLevel?: RiskLevelCode;
  withdrawnBy?: WithdrawnByCode;
  /** GUIDANCE_RECORDED: the court or arbitration commission the parties were told to turn to. */
  institution?: string;
}

/** The read model's document for one dispute (personal data stays in the dispute record). */
export interface Progress {
  disputeId: string;
  centreCode: string;
  caseNumber: string;
  category: CategoryCode;
  /** Month of submission (Asia/Shanghai), for ListDisputes. */
  month: string;
  state: DisputeState;
  /** The channel it was last routed to, or "". */
  channel: ChannelCode | "";
  /** Set when the case closed. */
  outcome: OutcomeCode | "";
  steps: Step[];
  /** The reason the centre gave for withdrawing, sealed like the parties' data. */
  withdrawalReason?: string;
  /** The note the centre added to its guidance, sealed the same way. */
  guidanceNote?: string;
  /** True once the retention period ended and the sealed reasons were erased (docs/domain-rules.md#retention). */
  personalDataErased?: boolean;
}

const byTime = (a: Step, b: Step) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId);

/** The state a step leads to; undefined when it leaves the state as it was. */
function stateAfter(step: Step): DisputeState | undefined {
  switch (step.kind) {
    case "SUBMITTED":
      return "SUBMITTED";
    case "ROUTED":
    case "ROUTED_ONWARD":
      return "ROUTED";
    case "OFFERED":
      return "OFFERED";
    case "OFFER_DECLINED":
    case "OFFER_EXPIRED":
    case "OFFER_WITHDRAWN":
    case "ESCALATED":
      return "AWAITING_MEDIATOR";
    case "ACCEPTED":
    case "ASSIGNED":
      return "ACCEPTED";
    case "SESSION_HELD":
      return "IN_MEDIATION";
    case "CLOSED":
    case "GUIDANCE_RECORDED":
      return "CLOSED";
    case "WITHDRAWN":
      return "WITHDRAWN";
    default:
      return undefined;
  }
}

/**
 * Folds the steps in time order. A withdrawal ends the dispute: what its withdrawal caused later
 * (the case closed as WITHDRAWN, a routing decision already under way) is listed but moves nothing.
 */
export function summarise(steps: Step[]): Pick<Progress, "state" | "channel" | "outcome"> {
  let state: DisputeState = "SUBMITTED";
  let channel: ChannelCode | "" = "";
  let outcome: OutcomeCode | "" = "";
  for (const step of [...steps].sort(byTime)) {
    if (state === "WITHDRAWN") break;
    state = stateAfter(step) ?? state;
    if (step.kind === "ROUTED" || step.kind === "ROUTED_ONWARD") {
      channel = step.channel ?? channel;
      outcome = "";
    }
    if (step.kind === "CLOSED") outcome = step.outcome ?? "";
    if (step.kind === "GUIDANCE_RECORDED") outcome = "GUIDANCE_GIVEN";
  }
  return { state, channel, outcome };
}

/** Adds a step (once per event) and recomputes the state; steps may arrive out of time order. */
export function addStep(progress: Progress, step: Step): Progress {
  if (progress.steps.some((s) => s.eventId === step.eventId && s.kind === step.kind)) return progress;
  const steps = [...progress.steps, step].sort(byTime);
  return { ...progress, steps, ...summarise(steps) };
}

/** A dispute just submitted: its first step. */
export function startProgress(
  facts: Pick<Progress, "disputeId" | "centreCode" | "caseNumber" | "category" | "month">,
  submittedAt: string,
  eventId: string,
): Progress {
  return { ...facts, state: "SUBMITTED", channel: "", outcome: "", steps: [{ kind: "SUBMITTED", at: submittedAt, eventId }] };
}

/**
 * Parties may end mediation at any time (People's Mediation Law art. 23), so a centre may withdraw
 * its dispute until the case is closed; a closed dispute stays as it ended.
 */
export function canWithdraw(progress: Progress): boolean {
  return progress.state !== "CLOSED" && progress.state !== "WITHDRAWN";
}

export const REASON_LIMIT = 500;

/**
 * Guidance may be recorded while the dispute's current channel is terminal (litigation guidance,
 * labour arbitration: docs/domain-rules.md#terminal-channels) and it is neither withdrawn nor closed.
 */
export function canRecordGuidance(progress: Progress): boolean {
  const terminal = (TERMINAL_CHANNELS as readonly string[]).includes(progress.channel);
  return terminal && progress.state === "ROUTED";
}

/**
 * When the dispute ended for retention's purposes (docs/domain-rules.md#retention): the time of its last closing or
 * withdrawal while it stays closed or withdrawn; undefined while it is open (routed onward, it is open again).
 */
export function endedAt(progress: Progress): string | undefined {
  if (progress.state !== "CLOSED" && progress.state !== "WITHDRAWN") return undefined;
  const ends = progress.steps.filter((s) => s.kind === progress.state);
  return ends[ends.length - 1]?.at;
}
