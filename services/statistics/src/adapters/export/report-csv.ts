// CSV for spreadsheets: UTF-8 with a byte-order mark so that Excel reads the Chinese correctly.
import type { MonthlyReport } from "../../domain/monthly-report.js";
import { COLUMNS, cell, type Language, WORDS } from "./labels.js";
import { keyName } from "./names-zh.js";
import { endedRows, waitingRows } from "./sections.js";

const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function reportCsv(report: MonthlyReport, language: Language): string {
  const w = WORDS[language];
  const rows: string[][] = [[w.scope, w.key, ...COLUMNS.map((c) => c[language])]];
  rows.push([w.total, report.centreCode || w.district, ...COLUMNS.map((c) => cell(report.figures, c.key))]);
  for (const breakdown of report.breakdowns) {
    for (const row of breakdown.rows) {
      rows.push([w[breakdown.dimension], keyName(breakdown.dimension, row.key, language), ...COLUMNS.map((c) => cell(row.figures, c.key))]);
    }
  }
  // Each channel's ends by outcome, then the disputes waiting for an owner: a section title in the first column.
  rows.push([], [w.endedByChannel, w.channel, w.outcome, w.count]);
  for (const r of endedRows(report, language)) rows.push(["", ...r]);
  rows.push([], [w.waiting, w.waitingKind, w.count]);
  for (const r of waitingRows(report, language)) rows.push(["", ...r]);
  return `\uFEFF${rows.map((r) => r.map(quote).join(",")).join("\r\n")}\r\n`;
}
