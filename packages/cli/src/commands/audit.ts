// `mediation audit`: each service's audit trail (docs/architecture.md#audit-trail), queried and
// verified through its AuditService. Supervisors see their centre's entries; the district's
// administrator sees all, and alone may verify.
import { audit } from "@mediation/contracts";
import { AUDITED, type AuditedService, type CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, str } from "./disputes.js";

function serviceOf(flags: Flags): AuditedService {
  const service = str(flags, "service") ?? "intake";
  if (!(AUDITED as readonly string[]).includes(service))
    throw new UsageError(`--service must be one of ${AUDITED.join(", ")}, not "${service}"`);
  return service as AuditedService;
}

function time(flags: Flags, name: string): Date | undefined {
  const text = str(flags, name);
  if (!text) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--${name} must be a date or time, e.g. 2026-11-30 or 2026-11-30T08:00:00+08:00`);
  return at;
}

export async function auditCommand(clients: CentreClients, args: string[], flags: Flags, out: Output): Promise<void> {
  const [action] = args;
  const service = serviceOf(flags);
  if (action === "list") {
    const from = time(flags, "from");
    const to = time(flags, "to");
    const r = await clients.listAuditEntries(service, {
      recordId: str(flags, "record") ?? "",
      subject: str(flags, "subject") ?? "",
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      pageSize: Number(str(flags, "page-size") ?? 0),
      pageToken: str(flags, "page-token") ?? "",
    });
    out.result(audit.ListAuditEntriesResponse.toJSON(r), () =>
      [
        table([
          ["#", "at", "who", "role", "centre", "action", "record", "detail", "from", "trace"],
          ...r.entries.map((e) => [
            String(e.sequence),
            e.at?.toISOString() ?? "",
            e.subject,
            e.role,
            e.actorCentreCode || e.actorMediatorId,
            e.action,
            `${e.recordKind} ${e.recordId}`,
            e.detail,
            e.peer,
            e.traceId,
          ]),
        ]),
        r.nextPageToken ? `\nMore: --page-token ${r.nextPageToken}` : "",
      ].join(""),
    );
    return;
  }
  if (action === "verify") {
    const r = await clients.verifyAuditTrail(service);
    out.result(audit.VerifyAuditTrailResponse.toJSON(r), () =>
      r.intact
        ? `${service}: the audit trail is intact (${r.checked} entries).`
        : `${service}: the audit trail is BROKEN at entry ${r.brokenSequence}: ${r.problem} (${r.checked} entries before it are intact).`,
    );
    if (!r.intact) process.exitCode = 3;
    return;
  }
  throw new UsageError("mediation audit list|verify [--service intake|routing|mediation] ...");
}
