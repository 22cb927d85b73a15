import { randomUUID } from "node:crypto";
import { CATEGORIES, CHANNELS, categoryCodec, channelCodec, type common, intake } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { fenToYuan, UsageError, yuanToFen } from "../money.js";
import { type Output, table } from "../output.js";
import { describeProgress, listFilters } from "./progress.js";

export type Flags = Record<string, string | boolean | string[] | undefined>;

export const str = (flags: Flags, name: string): string | undefined => {
  const value = flags[name];
  return Array.isArray(value) ? value.at(-1) : typeof value === "string" ? value : undefined;
};
const list = (flags: Flags, name: string): string[] => {
  const value = flags[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
};
export function need(flags: Flags, name: string, hint: string): string {
  const value = str(flags, name);
  if (!value) throw new UsageError(`--${name} is required: ${hint}`);
  return value;
}

export function parseCategory(text: string): common.Category {
  const code = categoryCodec.parse(text);
  if (!code) throw new UsageError(`unknown category "${text}"; one of ${CATEGORIES.join(", ")}`);
  return categoryCodec.fromCode(code);
}

function parseChannel(text: string | undefined): number {
  if (!text) return 0;
  const code = channelCodec.parse(text);
  if (!code) throw new UsageError(`unknown channel "${text}"; one of ${CHANNELS.join(", ")}`);
  return channelCodec.fromCode(code);
}

export function describeDispute(d: intake.Dispute): string {
  const parties = d.parties
    .map((p) => `${p.role === intake.PartyRole.PARTY_ROLE_CLAIMANT ? "claimant" : "respondent"} ${p.name}`)
    .join(", ");
  return [
    `${d.caseNumber}  (${d.disputeId})`,
    `  centre    ${d.centreCode}`,
    `  category  ${categoryCodec.toCode(d.category) ?? "?"}`,
    `  claim     ${fenToYuan(d.claimAmountFen)} yuan`,
    `  state     ${intake.disputeStateToJSON(d.state).replace("DISPUTE_STATE_", "")}`,
    `  submitted ${d.submittedAt?.toISOString() ?? "?"}`,
    `  parties   ${parties}`,
    `  summary   ${d.summary}`,
  ].join("\n");
}

export async function submit(clients: CentreClients, flags: Flags, out: Output): Promise<void> {
  const person = (role: intake.PartyRole) => (name: string) => ({
    role,
    kind: intake.PartyKind.PARTY_KIND_PERSON,
    name,
    idNumber: "",
    phone: "",
  });
  const claimants = list(flags, "claimant");
  const respondents = list(flags, "respondent");
  if (!claimants.length || !respondents.length) throw new UsageError("name at least one --claimant and one --respondent");
  const response = await clients.submitDispute({
    requestId: str(flags, "request-id") ?? randomUUID(),
    centreCode: need(flags, "centre", "the street centre's code, e.g. JD01"),
    category: parseCategory(need(flags, "category", `one of ${CATEGORIES.join(", ")}`)),
    claimAmountFen: yuanToFen(str(flags, "amount") ?? "0"),
    summary: need(flags, "summary", "what the dispute is about, in a sentence"),
    parties: [
      ...claimants.map(person(intake.PartyRole.PARTY_ROLE_CLAIMANT)),
      ...respondents.map(person(intake.PartyRole.PARTY_ROLE_RESPONDENT)),
    ],
    preferredChannel: parseChannel(str(flags, "channel")),
    mustReport: flags["must-report"] === true,
    preferredMediatorId: str(flags, "mediator") ?? "",
  });
  const dispute = response.dispute as intake.Dispute;
  out.result(
    intake.SubmitDisputeResponse.toJSON(response),
    () => `${response.created ? "Submitted" : "Already submitted (same request id)"}: ${describeDispute(dispute)}`,
  );
}

export async function show(clients: CentreClients, disputeId: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (!disputeId) throw new UsageError("say which dispute: mediation show <dispute-id> [--reason TEXT]");
  const response = await clients.getDispute(disputeId, str(flags, "reason") ?? "");
  out.result(intake.GetDisputeResponse.toJSON(response), () => describeProgress(response.dispute as intake.Dispute, response.timeline));
}

export async function listDisputes(clients: CentreClients, flags: Flags, out: Output): Promise<void> {
  const response = await clients.listDisputes({
    centreCode: str(flags, "centre") ?? "",
    pageSize: Number(str(flags, "page-size") ?? 0),
    pageToken: str(flags, "page-token") ?? "",
    ...listFilters(flags),
  });
  out.result(intake.ListDisputesResponse.toJSON(response), () => {
    if (!response.disputes.length) return "No disputes.";
    const rows = [["case number", "state", "channel", "category", "claim (yuan)", "submitted", "dispute id"]];
    for (const d of response.disputes) {
      rows.push([
        d.caseNumber,
        intake.disputeStateToJSON(d.state).replace("DISPUTE_STATE_", ""),
        channelCodec.toCode(d.channel) ?? "",
        categoryCodec.toCode(d.category) ?? "?",
        fenToYuan(d.claimAmountFen),
        d.submittedAt?.toISOString() ?? "",
        d.disputeId,
      ]);
    }
    const more = response.nextPageToken ? `\nMore: --page-token ${response.nextPageToken}` : "";
    return table(rows) + more;
  });
}
