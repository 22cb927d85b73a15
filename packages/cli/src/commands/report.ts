import { writeFileSync } from "node:fs";
import { statistics } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, str } from "./disputes.js";

const FORMATS: Record<string, statistics.ExportFormat> = {
  csv: statistics.ExportFormat.EXPORT_FORMAT_CSV,
  html: statistics.ExportFormat.EXPORT_FORMAT_HTML,
  json: statistics.ExportFormat.EXPORT_FORMAT_JSON,
};

const days = (median: number | undefined, p90: number | undefined) => (median === undefined ? "—" : `median ${median}, p90 ${p90}`);

export function describeReport(r: statistics.MonthlyReport): string {
  const f = r.figures ?? statistics.Figures.fromPartial({});
  const title = `Monthly report ${r.month} — ${r.centreCode || "whole district"} — ${r.published ? `published ${r.publishedAt?.toISOString()} (sha256 ${r.contentHash.slice(0, 12)}…)` : "live, not yet published"}`;
  const change = (figure: string) => r.previousMonth?.changes.find((c) => c.figure === figure)?.change ?? "";
  const rows: Array<[string, string | number, string]> = [
    ["received", f.received, change("received")],
    ["routed mediation-first", f.routedMediationFirst, change("routedMediationFirst")],
    ["accepted by a mediator", f.accepted, change("accepted")],
    ["closed", f.closed, change("closed")],
    ["  agreements", f.agreements, change("agreements")],
    ["  no agreement", f.noAgreements, change("noAgreements")],
    ["  refused", f.refusals, change("refusals")],
    ["  withdrawn", f.withdrawals, change("withdrawals")],
    [
      "success rate",
      f.successRatePercent ? `${f.successRatePercent} %` : "— (nothing closed with or without agreement)",
      change("successRatePercent"),
    ],
    ["ended at the centre", f.ended, change("ended")],
    ["  guidance given", f.guidanceGiven, change("guidanceGiven")],
    ["resolved across all channels", f.resolvedAcrossChannelsPercent ? `${f.resolvedAcrossChannelsPercent} %` : "— (nothing ended)", ""],
    ["backlog at month end", f.backlog, change("backlog")],
    ["overdue", f.overdue, change("overdue")],
    ["days to assignment", days(f.medianDaysToAssignment, f.p90DaysToAssignment), ""],
    ["days to close", days(f.medianDaysToClose, f.p90DaysToClose), ""],
    ["risk alerts red/orange/yellow", `${f.riskAlertsRed}/${f.riskAlertsOrange}/${f.riskAlertsYellow}`, ""],
  ];
  const against = r.previousMonth ? `vs ${r.previousMonth.month}` : "";
  const corrections = r.corrections
    .map((c) => `  ${c.month}: received ${c.delta?.received ?? 0}, closed ${c.delta?.closed ?? 0}, agreements ${c.delta?.agreements ?? 0}`)
    .join("\n");
  const ended = f.endedByChannel.map((e) => `  ${e.channel.padEnd(26)} ${e.outcome.padEnd(15)} ${e.count}`).join("\n");
  const w = r.waitingForOwner;
  const waiting = w
    ? `\nWaiting for an owner at ${w.asOf?.toISOString()}: ${w.total} (triage ${w.triage}, district escalation ${w.escalation}, awaiting a mediator ${w.awaitingMediator})${w.total ? `, oldest ${Math.floor(Number(w.oldestAgeSeconds) / 3600)} h` : ""}`
    : "";
  const definitions = r.definitions.map((d) => `  ${d.term}: ${d.meaning}`).join("\n");
  return [
    title,
    "=".repeat(Math.min(title.length, 100)),
    table([["", r.month, against], ...rows]),
    ended ? `\nEnded by channel and outcome\n${ended}` : "",
    waiting,
    corrections ? `\nCorrections to published months (events that arrived after publication)\n${corrections}` : "",
    `\nDefinitions\n${definitions}`,
  ].join("\n");
}

export async function report(clients: CentreClients, args: string[], flags: Flags, out: Output): Promise<void> {
  const [first, second] = args;
  if (first === "publish") {
    if (!second) throw new UsageError("mediation report publish <YYYY-MM>");
    const r = await clients.publishReport(second);
    out.result(statistics.PublishMonthlyReportResponse.toJSON(r), () =>
      r.alreadyPublished ? `${second} was already published (sha256 ${r.contentHash}).` : `Published ${second}: sha256 ${r.contentHash}`,
    );
    return;
  }
  if (first === "rebuild") {
    out.progress("Replaying the event history into a fresh read model...");
    const r = await clients.rebuildReadModel();
    const replayed = `${r.eventsReplayed} events replayed in ${(r.replayMs / 1000).toFixed(1)} s, compared in ${(r.compareMs / 1000).toFixed(1)} s`;
    out.result(statistics.RebuildReadModelResponse.toJSON(r), () =>
      r.differences.length
        ? `${replayed}; ${r.differences.length} difference(s):\n${table([["month", "scope", "figure", "live", "rebuilt"], ...r.differences.map((d) => [d.month, d.scope, d.figure, String(d.live), String(d.rebuilt)])])}`
        : `${replayed}; the live read model matches the history.`,
    );
    return;
  }
  const month = first;
  if (!month)
    throw new UsageError("say which month: mediation report 2026-11 [--centre JD01] [--format csv|html|json] [--lang zh|en] [--out FILE]");
  const centreCode = str(flags, "centre") ?? "";
  const format = str(flags, "format");
  if (format && format !== "text") {
    const code = FORMATS[format];
    if (code === undefined) throw new UsageError(`--format must be csv, html or json, not ${format}`);
    const lang = str(flags, "lang") ?? "zh";
    if (lang !== "zh" && lang !== "en") throw new UsageError("--lang must be zh or en");
    const exported = await clients.exportReport(
      month,
      centreCode,
      code,
      lang === "en" ? statistics.ExportLanguage.EXPORT_LANGUAGE_EN : statistics.ExportLanguage.EXPORT_LANGUAGE_ZH,
    );
    const file = str(flags, "out") ?? (format === "json" ? undefined : exported.filename);
    if (!file) {
      process.stdout.write(Buffer.from(exported.content));
      return;
    }
    writeFileSync(file, exported.content);
    out.result(
      { file, contentType: exported.contentType, bytes: exported.content.length },
      () => `Wrote ${file} (${exported.content.length} bytes, ${exported.contentType})`,
    );
    return;
  }
  const { report: r } = await clients.monthlyReport(month, centreCode);
  const value = r as statistics.MonthlyReport;
  out.result(statistics.MonthlyReport.toJSON(value), () => describeReport(value));
}
