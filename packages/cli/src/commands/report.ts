import { statistics } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, str } from "./disputes.js";

export function describeReport(r: statistics.MonthlyReport): string {
  const title = `Monthly report ${r.month} — ${r.centreCode || "whole district"}`;
  const rows: Array<[string, string | number]> = [
    ["received", r.received],
    ["routed mediation-first", r.routedMediationFirst],
    ["accepted by a mediator", r.accepted],
    ["closed", r.closed],
    ["  agreements", r.agreements],
    ["  no agreement", r.noAgreements],
    ["  refused", r.refusals],
    ["  withdrawn", r.withdrawals],
    ["success rate", r.successRatePercent ? `${r.successRatePercent} %` : "— (nothing closed with or without agreement)"],
  ];
  const definitions = r.definitions.map((d) => `  ${d.term}: ${d.meaning}`).join("\n");
  return `${title}\n${"=".repeat(title.length)}\n${table(rows)}\n\nDefinitions\n${definitions}`;
}

export async function report(clients: CentreClients, month: string | undefined, flags: Flags, out: Output): Promise<void> {
  if (!month) throw new UsageError("say which month: mediation report 2026-11");
  const { report: r } = await clients.monthlyReport(month, str(flags, "centre") ?? "");
  const value = r as statistics.MonthlyReport;
  out.result(statistics.MonthlyReport.toJSON(value), () => describeReport(value));
}
