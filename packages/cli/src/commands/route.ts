import { channelCodec, routing } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError, yuanToFen } from "../money.js";
import type { Output } from "../output.js";
import { type Flags, need, parseCategory, str } from "./disputes.js";

export async function route(clients: CentreClients, action: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (action !== "explain") throw new UsageError("mediation route explain --category SMALL_DEBT [--amount 3000] [--centre JD01]");
  const response = await clients.explainRoute({
    category: parseCategory(need(flags, "category", "the dispute's category")),
    claimAmountFen: yuanToFen(str(flags, "amount") ?? "0"),
    centreCode: str(flags, "centre") ?? "",
    claimantCount: Number(str(flags, "claimants") ?? 1),
  });
  out.result(routing.ExplainRouteResponse.toJSON(response), () =>
    [
      `→ ${channelCodec.toCode(response.channel)} by rule ${response.rule} (policy ${response.policyVersion})`,
      `  ${response.reason}`,
      ...response.conditions.map((c) => `  ${c.held ? "✓" : "✗"} ${c.description}`),
    ].join("\n"),
  );
}
