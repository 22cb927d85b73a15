// A dispute's progress from the command line: its timeline, withdrawal by its centre, and the guidance
// that ends a terminal channel.
import { categoryCodec, channelCodec, intake, outcomeCodec, riskLevelCodec, WITHDRAWERS, withdrawnByCodec } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import type { Output } from "../output.js";
import { describeDispute, type Flags, need, str } from "./disputes.js";

const kindName = (kind: intake.TimelineKind) => intake.timelineKindToJSON(kind).replace("TIMELINE_KIND_", "");
const stateName = (state: intake.DisputeState) => intake.disputeStateToJSON(state).replace("DISPUTE_STATE_", "");

/** One line per step: when, what, and the details its kind has. */
export function describeEntry(e: intake.TimelineEntry): string {
  const details = [
    e.channel ? `channel ${channelCodec.toCode(e.channel)}` : "",
    e.rule ? `rule ${e.rule}` : "",
    e.reason ? `(${e.reason})` : "",
    e.personId ? `by/to ${e.personId}` : "",
    e.outcome ? `outcome ${outcomeCodec.toCode(e.outcome)}` : "",
    e.sessionNumber ? `session ${e.sessionNumber}` : "",
    e.deadlineAt ? `deadline ${e.deadlineAt.toISOString()}` : "",
    e.previousDeadlineAt ? `was ${e.previousDeadlineAt.toISOString()}` : "",
    e.riskLevel ? `risk ${riskLevelCodec.toCode(e.riskLevel)}` : "",
    e.withdrawnBy ? `by ${withdrawnByCodec.toCode(e.withdrawnBy)}` : "",
    e.note ? `"${e.note}"` : "",
  ].filter(Boolean);
  return `  ${e.at?.toISOString() ?? "?"}  ${kindName(e.kind).padEnd(18)} ${details.join("  ")}`.trimEnd();
}

export function describeProgress(d: intake.Dispute, timeline: intake.TimelineEntry[]): string {
  const channel = d.channel ? `  channel   ${channelCodec.toCode(d.channel)}` : "";
  const outcome = d.outcome ? `  outcome   ${outcomeCodec.toCode(d.outcome)}` : "";
  return [describeDispute(d), channel, outcome, "  timeline", ...timeline.map(describeEntry)].filter(Boolean).join("\n");
}

export async function withdraw(clients: CentreClients, disputeId: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (!disputeId) throw new UsageError("say which dispute: mediation withdraw <dispute-id> --by CLAIMANT --reason TEXT");
  const byText = need(flags, "by", `who withdrew: ${WITHDRAWERS.join(", ")}`);
  const by = withdrawnByCodec.parse(byText);
  if (!by) throw new UsageError(`unknown --by "${byText}"; one of ${WITHDRAWERS.join(", ")}`);
  const reason = need(flags, "reason", "why the dispute is withdrawn, in a sentence");
  // The development token is the submitting centre's; without --centre, ask which centre that is.
  const centreCode = str(flags, "centre") ?? (await clients.getDispute(disputeId)).dispute?.centreCode ?? "";
  const response = await clients.withdrawDispute(disputeId, withdrawnByCodec.fromCode(by), reason, centreCode);
  const d = response.dispute as intake.Dispute;
  out.result(intake.WithdrawDisputeResponse.toJSON(response), () =>
    [`Withdrawn: ${d.caseNumber} (${d.disputeId}) is ${stateName(d.state)}`, response.withdrawal ? describeEntry(response.withdrawal) : ""]
      .filter(Boolean)
      .join("\n"),
  );
}

export async function guidance(clients: CentreClients, disputeId: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (!disputeId) throw new UsageError('say which dispute: mediation dispute guidance <dispute-id> --institution "上城区人民法院"');
  const institution = need(flags, "institution", "the court or arbitration commission the parties were told to turn to");
  const centreCode = str(flags, "centre") ?? (await clients.getDispute(disputeId)).dispute?.centreCode ?? "";
  const response = await clients.recordGuidance(disputeId, institution, str(flags, "note") ?? "", centreCode);
  const d = response.dispute as intake.Dispute;
  out.result(intake.RecordGuidanceResponse.toJSON(response), () =>
    [
      `Guidance recorded: ${d.caseNumber} (${d.disputeId}) is ${stateName(d.state)}, outcome ${outcomeCodec.toCode(d.outcome) ?? "?"}`,
      response.guidance ? describeEntry(response.guidance) : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
}

/** ListDisputes' filters from --state, --channel, --category, --month and --case. */
export function listFilters(flags: Flags): Partial<intake.ListDisputesRequest> {
  const stateText = str(flags, "state");
  const state = stateText ? intake.disputeStateFromJSON(`DISPUTE_STATE_${stateText.toUpperCase()}`) : 0;
  if (stateText && (state === intake.DisputeState.UNRECOGNIZED || state === 0)) {
    const states = Object.keys(intake.DisputeState).filter((k) => k.startsWith("DISPUTE_STATE_") && !k.endsWith("UNSPECIFIED"));
    throw new UsageError(`unknown --state "${stateText}"; one of ${states.map((k) => k.replace("DISPUTE_STATE_", "")).join(", ")}`);
  }
  const channelText = str(flags, "channel");
  const channel = channelText ? channelCodec.parse(channelText) : undefined;
  if (channelText && !channel) throw new UsageError(`unknown --channel "${channelText}"`);
  const categoryText = str(flags, "category");
  const category = categoryText ? categoryCodec.parse(categoryText) : undefined;
  if (categoryText && !category) throw new UsageError(`unknown --category "${categoryText}"`);
  return {
    state,
    channel: channel ? channelCodec.fromCode(channel) : 0,
    category: category ? categoryCodec.fromCode(category) : 0,
    month: str(flags, "month") ?? "",
    caseNumber: str(flags, "case") ?? "",
  };
}
