import { PermissionDenied, statistics, Violations } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, type Principal, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { publishMonth } from "../../application/publish-month.js";
import type { RebuildResult } from "../../application/rebuild.js";
import { getMonthlyReport } from "../../application/reports.js";
import type { Figures } from "../../domain/figures.js";
import type { MonthlyReport } from "../../domain/monthly-report.js";
import { reportCsv } from "../export/report-csv.js";
import { reportHtml } from "../export/report-html.js";

const { ExportFormat, ExportLanguage } = statistics;

function toProtoFigures(f: Figures): statistics.Figures {
  return statistics.Figures.fromPartial(f);
}

export function toProtoReport(r: MonthlyReport): statistics.MonthlyReport {
  const comparison = (c: MonthlyReport["previousMonth"]) =>
    c ? { month: c.month, figures: toProtoFigures(c.figures), changes: c.changes } : undefined;
  return {
    month: r.month,
    centreCode: r.centreCode,
    figures: toProtoFigures(r.figures),
    breakdowns: r.breakdowns.map((b) => ({
      dimension: b.dimension,
      rows: b.rows.map((row) => ({ key: row.key, figures: toProtoFigures(row.figures) })),
    })),
    previousMonth: comparison(r.previousMonth),
    sameMonthLastYear: comparison(r.sameMonthLastYear),
    corrections: r.corrections.map((c) => ({ month: c.month, delta: toProtoFigures(c.delta) })),
    definitions: r.definitions,
    published: r.published,
    contentHash: r.contentHash,
    publishedAt: r.publishedAt ? new Date(r.publishedAt) : undefined,
    successRateHistory: r.successRateHistory,
    // Reports published before this figure existed have none.
    waitingForOwner: r.waitingForOwner
      ? { ...r.waitingForOwner, asOf: new Date(r.waitingForOwner.asOf), oldestAgeSeconds: BigInt(r.waitingForOwner.oldestAgeSeconds) }
      : undefined,
  };
}

export interface StatisticsGrpcDeps {
  store: DocumentStore;
  auth: Authenticator;
  logger: Logger;
  rebuild(): Promise<RebuildResult>;
  eventsStored(): void;
}

/** Analysts read aggregates; a centre reads its own centre's report. */
const READERS = ["analyst", "supervisor", "admin", "centre"] as const;
function checkCentre(who: Principal, centreCode: string): void {
  const bound = who.role === "centre" || who.role === "supervisor" ? who.centreCode : "";
  if (bound && centreCode !== bound) throw new PermissionDenied(`this token reads centre ${bound}'s report only`);
}

export function statisticsGrpc({ store, auth, logger, rebuild, eventsStored }: StatisticsGrpcDeps): GrpcServiceBinding {
  return {
    name: "mediation.statistics.v1.StatisticsService",
    definition: statistics.StatisticsServiceService,
    implementation: {
      getMonthlyReport: unary<statistics.GetMonthlyReportRequest, statistics.GetMonthlyReportResponse>(logger, async (req, call) => {
        checkCentre(await auth.require(call, READERS), req.centreCode);
        return { report: toProtoReport(await getMonthlyReport(store, req.month, req.centreCode)) };
      }),
      exportMonthlyReport: unary<statistics.ExportMonthlyReportRequest, statistics.ExportMonthlyReportResponse>(
        logger,
        async (req, call) => {
          checkCentre(await auth.require(call, READERS), req.centreCode);
          const language = req.language === ExportLanguage.EXPORT_LANGUAGE_EN ? "en" : "zh";
          const report = await getMonthlyReport(store, req.month, req.centreCode);
          const base = `mediation-report-${req.month}${req.centreCode ? `-${req.centreCode}` : ""}`;
          switch (req.format) {
            case ExportFormat.EXPORT_FORMAT_CSV:
              return {
                content: Buffer.from(reportCsv(report, language), "utf8"),
                contentType: "text/csv; charset=utf-8",
                filename: `${base}.csv`,
              };
            case ExportFormat.EXPORT_FORMAT_HTML:
              return {
                content: Buffer.from(reportHtml(report, language), "utf8"),
                contentType: "text/html; charset=utf-8",
                filename: `${base}.html`,
              };
            case ExportFormat.EXPORT_FORMAT_JSON:
              return {
                content: Buffer.from(JSON.stringify(statistics.MonthlyReport.toJSON(toProtoReport(report)), null, 2)),
                contentType: "application/json",
                filename: `${base}.json`,
              };
            default:
              throw new Violations().add("format", "must be CSV, HTML or JSON").error;
          }
        },
      ),
      rebuildReadModel: unary<statistics.RebuildReadModelRequest, statistics.RebuildReadModelResponse>(logger, async (_req, call) => {
        await auth.require(call, ["admin"]);
        const result = await rebuild();
        const [replayMs, compareMs] = [Math.round(result.replayMs), Math.round(result.compareMs)];
        logger.info(
          { events: result.eventsReplayed, differences: result.differences.length, replayMs, compareMs },
          "read model rebuilt and compared",
        );
        return {
          eventsReplayed: result.eventsReplayed,
          differences: result.differences.map((d) => ({ ...d, live: BigInt(d.live), rebuilt: BigInt(d.rebuilt) })),
          replayMs,
          compareMs,
        };
      }),
      publishMonthlyReport: unary<statistics.PublishMonthlyReportRequest, statistics.PublishMonthlyReportResponse>(
        logger,
        async (req, call) => {
          await auth.require(call, ["admin"]);
          const result = await publishMonth(store, req.month, new Date(), eventsStored);
          return { contentHash: result.contentHash, publishedAt: new Date(result.publishedAt), alreadyPublished: result.alreadyPublished };
        },
      ),
    },
  };
}
