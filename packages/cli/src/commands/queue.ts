// The supervisor's work queue (routing's SupervisorService): what waits for a person, and deciding
// or acknowledging it.
import { categoryCodec, channelCodec, riskLevelCodec, routing } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, str } from "./disputes.js";

const USAGE =
  'mediation queue list [--centre JD01] [--kind TRIAGE|ESCALATION|ESCALATION_DECISION|RISK_ALERT|AWAITING_MEDIATOR]... [--page-size N] [--page-token T] | queue decide <dispute-id> --channel C --reason "..." | queue ack <dispute-id> --note "..." | queue ack-alert <alert-id> --note "..."';

const kindName = (k: routing.WorkItemKind) => routing.workItemKindToJSON(k).replace("WORK_ITEM_KIND_", "");

function kindsOf(flags: Flags): routing.WorkItemKind[] {
  const given = flags.kind;
  const names = Array.isArray(given) ? given : typeof given === "string" ? [given] : [];
  return names.map((name) => {
    const kind = routing.workItemKindFromJSON(`WORK_ITEM_KIND_${name.trim().toUpperCase()}`);
    if (kind === routing.WorkItemKind.UNRECOGNIZED || kind === routing.WorkItemKind.WORK_ITEM_KIND_UNSPECIFIED)
      throw new UsageError(`--kind ${name} is not a work item kind`);
    return kind;
  });
}

export async function queue(clients: CentreClients, args: string[], flags: Flags, out: Output): Promise<void> {
  const [action, id] = args;
  if (action === "list") {
    const r = await clients.listWorkQueue({
      centreCode: str(flags, "centre") ?? "",
      kinds: kindsOf(flags),
      pageSize: Number(str(flags, "page-size") ?? 0),
      pageToken: str(flags, "page-token") ?? "",
    });
    out.result(routing.ListWorkQueueResponse.toJSON(r), () =>
      r.items.length === 0
        ? "Nothing waits for a person."
        : [
            table([
              ["waiting", "since", "age (h)", "centre", "category", "dispute", "case / alert", "reason"],
              ...r.items.map((i) => [
                kindName(i.kind),
                i.waitingSince?.toISOString() ?? "",
                (Number(i.ageSeconds) / 3600).toFixed(1),
                i.centreCode,
                categoryCodec.toCode(i.category) ?? "",
                i.disputeId,
                i.caseId || (i.alertId ? `${i.alertId} ${riskLevelCodec.toCode(i.riskLevel) ?? ""}` : ""),
                i.acknowledgedBy ? `${i.reason} (acknowledged by ${i.acknowledgedBy})` : i.reason,
              ]),
            ]),
            "",
            `${r.total} waiting; the oldest for ${(Number(r.oldestAgeSeconds) / 3600).toFixed(1)} h${r.nextPageToken ? `; next page: --page-token ${r.nextPageToken}` : ""}`,
          ].join("\n"),
    );
    return;
  }
  if (action === "decide") {
    const channel = channelCodec.parse(str(flags, "channel") ?? "");
    const reason = str(flags, "reason") ?? "";
    if (!id || !channel || !reason) throw new UsageError('mediation queue decide <dispute-id> --channel PEOPLES_MEDIATION --reason "..."');
    const r = await clients.decideChannel(id, channelCodec.fromCode(channel), reason);
    out.result(routing.DecideChannelResponse.toJSON(r), () => `dispute ${id} routed to ${channel} by ${r.decidedBy} (rule ${r.rule})`);
    return;
  }
  if (action === "ack" || action === "ack-alert") {
    const note = str(flags, "note") ?? "";
    if (!id || !note) throw new UsageError(`mediation queue ${action} <${action === "ack" ? "dispute" : "alert"}-id> --note "..."`);
    const r = action === "ack" ? await clients.acknowledgeEscalation(id, note) : await clients.acknowledgeRiskAlert(id, note);
    out.result(
      routing.AcknowledgeEscalationResponse.toJSON(r),
      () => `${id} acknowledged by ${r.acknowledgedBy} at ${r.acknowledgedAt?.toISOString()}, ${r.secondsToAcknowledge} s after it arrived`,
    );
    return;
  }
  throw new UsageError(USAGE);
}
