// `mediation privacy access-request --id-number ... [--name ...]` (docs/domain-rules.md#access-requests): a
// supervisor answers a resident's request to see what is held about them. Intake finds the disputes naming the
// person by its blind index; mediation adds what its cases hold about those disputes.
import { intake, intakePrivacy, mediationPrivacy } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import type { Output } from "../output.js";
import { type Flags, str } from "./disputes.js";

export async function privacy(clients: CentreClients, action: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (action !== "access-request")
    throw new UsageError(`unknown privacy command "${action ?? ""}"; try: mediation privacy access-request --id-number ...`);
  const idNumber = str(flags, "id-number") ?? "";
  const name = str(flags, "name") ?? "";
  if (!idNumber && !name) throw new UsageError("give --id-number or --name (or both)");
  const found = await clients.findPersonalData(idNumber, name);
  const ids = found.holdings.map((h) => h.disputeId);
  const records = ids.length > 0 ? (await clients.listCaseRecords(ids)).records : [];
  const json = {
    disputes: found.holdings.map((h) => ({
      ...(intakePrivacy.PersonalDataHolding.toJSON(h) as object),
      cases: records.filter((r) => r.disputeId === h.disputeId).map((r) => mediationPrivacy.CaseRecord.toJSON(r)),
    })),
  };
  out.result(json, () => {
    if (found.holdings.length === 0) return "没有找到与此人有关的纠纷 / No dispute names this person.";
    return found.holdings
      .map((h) => {
        const cases = records.filter((r) => r.disputeId === h.disputeId);
        const lines = [
          `${h.caseNumber}  ${h.centreCode}  ${intake.disputeStateToJSON(h.state)}  submitted ${h.submittedAt?.toISOString() ?? ""}`,
          ...(h.personalDataErased ? ["  个人信息已按保存期限删除 / personal data erased at the end of retention"] : []),
          ...h.parties.map((p) => `  party: ${p.name}  ${p.idNumber}  ${p.phone}  (${intake.partyRoleToJSON(p.role)})`),
          `  summary: ${h.summary}`,
          ...(h.withdrawalReason ? [`  withdrawal reason: ${h.withdrawalReason}`] : []),
          // Intake held reassignment reasons before events stopped carrying them; mediation holds them now.
          ...h.reassignmentReasons.map((r) => `  reassignment reason: ${r}`),
          ...cases.flatMap((c) => [
            ...c.sessionNotes.map((n) => `  session note (${c.caseId}): ${n}`),
            ...c.obligations.map(
              (o) => `  obligation (${c.caseId}): ${o.obligor}: ${o.terms}, ${o.manner}, by ${o.dueBy?.toISOString().slice(0, 10)}`,
            ),
            ...c.declineReasons.map((r) => `  decline reason (${c.caseId}): ${r}`),
            ...c.reassignmentReasons.map((r) => `  reassignment reason (${c.caseId}): ${r}`),
          ]),
          `  kept until: ${h.eraseAfter ? h.eraseAfter.toISOString() : "the dispute ends, then the retention period"}`,
        ];
        return lines.join("\n");
      })
      .join("\n\n");
  });
}
