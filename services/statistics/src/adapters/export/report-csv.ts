// CSV for spreadsheets: UTF-8 with a byte-order mark so that Excel reads the Chinese correctly.
import type { MonthlyReport } from "../../domain/monthly-report.js";
import { COLUMNS, cell, type Language, WORDS } from "./labels.js";

const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function reportCsv(report: MonthlyReport, language: Language): string {
  const w = WORDS[language];
  const rows: string[][] = [[w.scope, w.key, ...COLUMNS.map((c) => c[language])]];
  rows.push([w.total, report.centreCode || w.district, ...COLUMNS.map((c) => cell(report.figures, c.key))]);
  for (const breakdown of report.breakdowns) {
    for (const row of breakdown.rows) rows.push([w[breakdown.dimension], row.key, ...COLUMNS.map((c) => cell(row.figures, c.key))]);
  }
  return `\uFEFF${rows.map((r) => r.map(quote).join(",")).join("\r\n")}\r\n`;
}
