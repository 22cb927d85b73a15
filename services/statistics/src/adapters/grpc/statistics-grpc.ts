import { statistics } from "@mediation/contracts";
import { type GrpcServiceBinding, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { getMonthlyReport } from "../../application/read-model.js";

export function statisticsGrpc(store: DocumentStore, logger: Logger): GrpcServiceBinding {
  return {
    name: "mediation.statistics.v1.StatisticsService",
    definition: statistics.StatisticsServiceService,
    implementation: {
      getMonthlyReport: unary<statistics.GetMonthlyReportRequest, statistics.GetMonthlyReportResponse>(logger, async (req) => ({
        report: await getMonthlyReport(store, req.month, req.centreCode),
      })),
    },
  };
}
