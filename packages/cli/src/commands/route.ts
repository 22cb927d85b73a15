import { readFileSync } from "node:fs";
import { channelCodec, routing } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError, yuanToFen } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, need, parseCategory, str } from "./disputes.js";

export async function route(clients: CentreClients, action: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (action === "policy") {
    const policy = await clients.getPolicy();
    out.result(
      routing.GetPolicyResponse.toJSON(policy),
      () => `Policy ${policy.version}, loaded ${policy.loadedAt?.toISOString()} from ${policy.loadedFrom}\n\n${policy.source}`,
    );
    return;
  }
  if (action === "simulate") {
    const file = need(flags, "policy", "the candidate policy YAML file");
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    const r = await clients.simulatePolicy(need(flags, "month", "the month to replay, e.g. 2026-11"), text);
    out.result(routing.SimulatePolicyResponse.toJSON(r), () =>
      [
        `${r.disputes} disputes submitted in ${r.month}, routed by the active policy ${r.activeVersion} and by ${r.candidateVersion}:`,
        table([
          ["channel", "active", "candidate", "change"],
          ...r.loads.map((l) => [channelCodec.toCode(l.channel) ?? "?", l.active, l.candidate, signed(l.candidate - l.active)]),
        ]),
        `${r.changed} dispute(s) would change channel.`,
      ].join("\n"),
    );
    return;
  }
  if (action !== "explain") {
    throw new UsageError(
      "mediation route explain --category C [--amount YUAN] | route policy | route simulate --month YYYY-MM --policy FILE",
    );
  }
  const response = await clients.explainRoute({
    category: parseCategory(need(flags, "category", "the dispute's category")),
    claimAmountFen: yuanToFen(str(flags, "amount") ?? "0"),
    centreCode: str(flags, "centre") ?? "",
    claimantCount: Number(str(flags, "claimants") ?? 1),
    mustReport: flags["must-report"] === true,
    disputesAgainstRespondent: Number(str(flags, "against-respondent") ?? 0),
  });
  out.result(routing.ExplainRouteResponse.toJSON(response), () =>
    [
      `→ ${channelCodec.toCode(response.channel)} by rule ${response.rule} (policy ${response.policyVersion})`,
      `  ${response.reason}`,
      ...(response.reasonEn ? [`  ${response.reasonEn}`] : []),
      ...response.conditions.map((c) => `  ${c.held ? "✓" : "✗"} ${c.description}`),
    ].join("\n"),
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
