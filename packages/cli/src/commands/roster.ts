import { categoryCodec, channelCodec, mediation } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, str } from "./disputes.js";

const STATUSES: Record<string, mediation.MediatorStatus> = {
  AVAILABLE: mediation.MediatorStatus.MEDIATOR_STATUS_AVAILABLE,
  AWAY: mediation.MediatorStatus.MEDIATOR_STATUS_AWAY,
  OFF: mediation.MediatorStatus.MEDIATOR_STATUS_OFF,
};

export async function roster(clients: CentreClients, args: string[], flags: Flags, out: Output): Promise<void> {
  const [action, mediatorId, status] = args;
  if (action === "list") {
    const r = await clients.listMediators(str(flags, "centre") ?? "");
    out.result(mediation.ListMediatorsResponse.toJSON(r), () =>
      [
        table([
          ["mediator", "name", "centre", "status", "open / max", "channels", "categories"],
          ...r.mediators.map((m) => [
            m.mediatorId,
            m.displayName,
            m.centreCode,
            mediation.mediatorStatusToJSON(m.status).replace("MEDIATOR_STATUS_", ""),
            `${m.openCases} / ${m.maxOpenCases}`,
            m.channels.map((c) => channelCodec.toCode(c)).join(", "),
            m.categories.map((c) => categoryCodec.toCode(c)).join(", "),
          ]),
        ]),
        "",
        `Supervisors: ${
          Object.entries(r.supervisors)
            .map(([centre, id]) => `${centre} ${id}`)
            .join(", ") || "none"
        }`,
      ].join("\n"),
    );
    return;
  }
  if (action === "status") {
    const code = STATUSES[(status ?? "").toUpperCase()];
    if (!mediatorId || code === undefined) throw new UsageError("mediation roster status <mediator-id> AVAILABLE|AWAY|OFF");
    const { mediator } = await clients.setMediatorStatus(mediatorId, code);
    out.result(
      mediation.SetMediatorStatusResponse.toJSON({ mediator }),
      () => `${mediatorId} is now ${status?.toUpperCase()}; offers follow at once.`,
    );
    return;
  }
  if (action === "waiting") {
    const r = await clients.listWaiting(str(flags, "centre") ?? "");
    out.result(mediation.ListWaitingResponse.toJSON(r), () =>
      r.items.length === 0
        ? "Nothing waits for a person."
        : table([
            ["waiting", "since", "age (h)", "centre", "channel", "category", "case", "supervisor"],
            ...r.items.map((i) => [
              i.kind,
              i.since?.toISOString() ?? "",
              (Number(i.ageSeconds) / 3600).toFixed(1),
              i.centreCode,
              channelCodec.toCode(i.channel) ?? "",
              categoryCodec.toCode(i.category) ?? "",
              i.caseId,
              i.supervisorId,
            ]),
          ]),
    );
    return;
  }
  if (action === "assign") {
    const caseId = mediatorId;
    const to = status;
    if (!caseId || !to) throw new UsageError("mediation roster assign <case-id> <mediator-id>");
    const { case: c } = await clients.assignCase(caseId, to);
    out.result(
      mediation.AssignCaseResponse.toJSON({ case: c }),
      () => `case ${caseId} assigned to ${to}; deadline ${c?.deadlineAt?.toISOString()}`,
    );
    return;
  }
  if (action === "reassign") {
    const caseId = mediatorId;
    const to = status;
    const reason = str(flags, "reason") ?? "";
    if (!caseId || !to || !reason) throw new UsageError('mediation roster reassign <case-id> <mediator-id> --reason "..."');
    const { case: c } = await clients.reassignCase(caseId, to, reason);
    out.result(
      mediation.ReassignCaseResponse.toJSON({ case: c }),
      () => `case ${caseId} is now with ${to}; deadline unchanged ${c?.deadlineAt?.toISOString()}`,
    );
    return;
  }
  throw new UsageError(
    'mediation roster list [--centre JD01] | roster waiting [--centre JD01] | roster status <mediator-id> AVAILABLE|AWAY|OFF | roster assign <case-id> <mediator-id> | roster reassign <case-id> <mediator-id> --reason "..."',
  );
}
