// The read model's progress as proto: the dispute's state and its timeline entries.
import { channelCodec, intake, outcomeCodec, riskLevelCodec, withdrawnByCodec } from "@mediation/contracts";
import type { DisputeState, Progress, Step, StepKind } from "../../domain/timeline.js";

const { DisputeState: ProtoState, TimelineKind } = intake;

export const STATES: Record<DisputeState, intake.DisputeState> = {
  SUBMITTED: ProtoState.DISPUTE_STATE_SUBMITTED,
  ROUTED: ProtoState.DISPUTE_STATE_ROUTED,
  OFFERED: ProtoState.DISPUTE_STATE_OFFERED,
  AWAITING_MEDIATOR: ProtoState.DISPUTE_STATE_AWAITING_MEDIATOR,
  ACCEPTED: ProtoState.DISPUTE_STATE_ACCEPTED,
  IN_MEDIATION: ProtoState.DISPUTE_STATE_IN_MEDIATION,
  CLOSED: ProtoState.DISPUTE_STATE_CLOSED,
  WITHDRAWN: ProtoState.DISPUTE_STATE_WITHDRAWN,
};
const STATE_OF = Object.fromEntries(Object.entries(STATES).map(([code, value]) => [value, code])) as Record<number, DisputeState>;

/** A filter's state: "" for none, undefined for a value that is not a state. */
export const stateFromProto = (value: intake.DisputeState): DisputeState | "" | undefined => (value === 0 ? "" : STATE_OF[value]);

const KINDS = Object.fromEntries(
  Object.keys(TimelineKind)
    .filter((name) => name.startsWith("TIMELINE_KIND_") && name !== "TIMELINE_KIND_UNSPECIFIED")
    .map((name) => [name.slice("TIMELINE_KIND_".length), TimelineKind[name as keyof typeof TimelineKind]]),
) as Record<StepKind, intake.TimelineKind>;

const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

export function entryToProto(step: Step, note = ""): intake.TimelineEntry {
  return {
    at: new Date(step.at),
    kind: KINDS[step.kind],
    channel: step.channel ? channelCodec.fromCode(step.channel) : 0,
    rule: step.rule ?? "",
    // A reassignment's reason stays in mediation; one recorded here before that is not shown either.
    reason: step.kind === "REASSIGNED" ? "" : (step.reason ?? ""),
    reasonEn: step.reasonEn ?? "",
    personId: step.personId ?? "",
    caseId: step.caseId ?? "",
    outcome: step.outcome ? outcomeCodec.fromCode(step.outcome) : 0,
    deadlineAt: date(step.deadlineAt),
    previousDeadlineAt: date(step.previousDeadlineAt),
    sessionNumber: step.sessionNumber ?? 0,
    riskLevel: step.riskLevel ? riskLevelCodec.fromCode(step.riskLevel) : 0,
    withdrawnBy: step.withdrawnBy ? withdrawnByCodec.fromCode(step.withdrawnBy) : 0,
    note,
  };
}

/**
 * The timeline, oldest first; `reason` is the withdrawal's reason, opened for the centre that gave it.
 * A guidance entry's note names the court or commission (the centre's own note stays in intake).
 */
export function timelineToProto(progress: Progress | undefined, reason: string): intake.TimelineEntry[] {
  return (progress?.steps ?? []).map((step) => entryToProto(step, step.kind === "WITHDRAWN" ? reason : (step.institution ?? "")));
}
