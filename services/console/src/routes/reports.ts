// The roster for supervisors and the monthly report for analysts. The report's CSV and printable
// HTML are the statistics service's own renderings, passed through unchanged.
import { MONTH_PATTERN, mediation, statistics } from "@mediation/contracts";
import type { FastifyInstance } from "fastify";
import { apiError } from "../errors.js";
import type { Sessions } from "../sessions.js";
import { fields, param, query, signedIn } from "./guard.js";

const FORMATS: Record<string, statistics.ExportFormat> = {
  csv: statistics.ExportFormat.EXPORT_FORMAT_CSV,
  html: statistics.ExportFormat.EXPORT_FORMAT_HTML,
};

export function reportRoutes(app: FastifyInstance, sessions: Sessions): void {
  app.get(
    "/api/roster",
    signedIn(sessions, async ({ clients, person }, request) => {
      // The district's supervisor (no centre of their own) chooses the centre; empty is every centre.
      const roster = await clients.listMediators(person.centreCode || query(request, "centre"));
      return { mediators: roster.mediators.map((m) => mediation.Mediator.toJSON(m)), supervisors: roster.supervisors };
    }),
  );

  app.post(
    "/api/roster/:mediatorId/status",
    signedIn(sessions, async ({ clients }, request) => {
      const status = mediation.mediatorStatusFromJSON(fields(request).text("status") || "MEDIATOR_STATUS_UNSPECIFIED");
      const { mediator } = await clients.setMediatorStatus(param(request, "mediatorId"), status);
      return { mediator: mediator ? mediation.Mediator.toJSON(mediator) : null };
    }),
  );

  app.get(
    "/api/reports/:month",
    signedIn(sessions, async ({ clients }, request) => {
      const { report } = await clients.monthlyReport(param(request, "month"), query(request, "centre"));
      return { report: report ? statistics.MonthlyReport.toJSON(report) : null };
    }),
  );

  app.get(
    "/api/reports/:month/export",
    signedIn(sessions, async ({ clients }, request, reply) => {
      const month = param(request, "month");
      const format = FORMATS[query(request, "format")];
      if (!format || !MONTH_PATTERN.test(month)) {
        const error = apiError("INVALID_ARGUMENT", "format must be csv or html, and the month like 2026-11", 400);
        return reply.code(error.status).send(error.body);
      }
      const language =
        query(request, "lang") === "en" ? statistics.ExportLanguage.EXPORT_LANGUAGE_EN : statistics.ExportLanguage.EXPORT_LANGUAGE_ZH;
      const file = await clients.exportReport(month, query(request, "centre"), format, language);
      const disposition = format === statistics.ExportFormat.EXPORT_FORMAT_CSV ? "attachment" : "inline";
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `${disposition}; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`)
        .send(Buffer.from(file.content));
    }),
  );
}
