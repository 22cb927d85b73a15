// A self-contained HTML report: inline CSS and SVG charts, no scripts or outside resources, laid out
// to print on A4.
import type { Figures } from "../../domain/figures.js";
import type { MonthlyReport } from "../../domain/monthly-report.js";
import { COLUMNS, cell, type Language, WORDS } from "./labels.js";
import { DEFINITIONS_ZH, keyName, TERMS_ZH } from "./names-zh.js";
import { endedRows, waitingRows } from "./sections.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>`)
    .join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 40 };

function lineChart(name: string, points: Array<{ label: string; value: number | undefined }>): string {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / 100) * innerH;
  const known = points.map((p, i) => ({ ...p, i })).filter((p) => p.value !== undefined) as Array<{
    label: string;
    value: number;
    i: number;
  }>;
  const path = known.map((p, k) => `${k === 0 ? "M" : "L"}${x(p.i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const grid = [0, 25, 50, 75, 100]
    .map(
      (v) =>
        `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${PAD.left - 6}" y="${y(v) + 4}" class="axis" text-anchor="end">${v}%</text>`,
    )
    .join("");
  const labels = points
    .map(
      (p, i) =>
        `<text x="${x(i)}" y="${HEIGHT - PAD.bottom + 16}" class="axis" text-anchor="middle">${escapeHtml(p.label.slice(2))}</text>`,
    )
    .join("");
  const dots = known
    .map(
      (p) =>
        `<circle class="point" cx="${x(p.i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3.5"><title>${escapeHtml(p.label)}: ${p.value}%</title></circle>`,
    )
    .join("");
  return `<svg data-chart="${name}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img">${grid}${labels}${path ? `<path class="line" d="${path}"/>` : ""}${dots}</svg>`;
}

function barChart(name: string, bars: Array<{ label: string; parts: Array<{ value: number; kind: string }> }>): string {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((s, p) => s + p.value, 0)));
  const slot = innerW / Math.max(1, bars.length);
  const width = Math.min(48, slot * 0.7);
  const rects = bars
    .map((b, i) => {
      let base = PAD.top + innerH;
      const x = PAD.left + i * slot + (slot - width) / 2;
      const parts = b.parts
        .filter((p) => p.value > 0)
        .map((p) => {
          const h = (p.value / max) * innerH;
          base -= h;
          return `<rect class="bar ${p.kind}" x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${width.toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeHtml(b.label)} ${p.kind}: ${p.value}</title></rect>`;
        })
        .join("");
      return `${parts}<text x="${(x + width / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" class="axis" text-anchor="middle">${escapeHtml(b.label.slice(0, 12))}</text>`;
    })
    .join("");
  return `<svg data-chart="${name}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img"><line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + innerH}" y2="${PAD.top + innerH}" class="grid"/><text x="${PAD.left - 6}" y="${PAD.top + 8}" class="axis" text-anchor="end">${max}</text>${rects}</svg>`;
}

const STYLE = `
@page { size: A4; margin: 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #1d2733; font-size: 10.5pt; margin: 0 auto; max-width: 182mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #c9d3dd; }
.meta { color: #5b6b7b; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin-bottom: 3mm; }
th, td { border: 1px solid #d5dde5; padding: 1mm 1.5mm; text-align: right; } thead th { background: #eef3f7; text-align: center; } tbody th { text-align: left; font-weight: normal; }
section { break-inside: avoid; } svg { width: 100%; height: auto; }
.grid { stroke: #dde4ea; } .axis { font-size: 10px; fill: #5b6b7b; } .line { fill: none; stroke: #1f6fb2; stroke-width: 2.5; } .point { fill: #1f6fb2; }
.bar.agreements { fill: #2e8b57; } .bar.noAgreements { fill: #d98c2b; } .bar.refusals { fill: #b23a48; } .bar.withdrawals { fill: #8a94a0; } .bar.received { fill: #1f6fb2; }
.legend span { display: inline-block; margin-right: 4mm; font-size: 8.5pt; } .legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; }
dl { font-size: 8.5pt; } dt { font-weight: bold; } dd { margin: 0 0 1.5mm 4mm; }`;

function comparison(title: string, c: MonthlyReport["previousMonth"], language: Language): string {
  if (!c) return "";
  const w = WORDS[language];
  const label = (figure: string) => COLUMNS.find((col) => col.key === figure)?.[language] ?? figure;
  return `<section><h2>${escapeHtml(title)} (${escapeHtml(c.month)})</h2>${table(
    [w.figure, c.month, w.change],
    c.changes.map((ch) => [label(ch.figure), cell(c.figures, ch.figure as keyof Figures), ch.change]),
  )}</section>`;
}

export function reportHtml(report: MonthlyReport, language: Language): string {
  const w = WORDS[language];
  const scopeName = report.centreCode || w.district;
  const status = report.published ? `${w.published} ${report.publishedAt} · ${w.hash} ${report.contentHash.slice(0, 16)}…` : w.live;
  const rate = (text: string) => (text === "" ? undefined : Number(text));
  const byCategory = report.breakdowns.find((b) => b.dimension === "category")?.rows ?? [];
  const byCentre = report.breakdowns.find((b) => b.dimension === "centre")?.rows ?? [];
  const legend = (kinds: Array<[string, string]>) =>
    `<div class="legend">${kinds.map(([kind, label]) => `<span><i class="bar ${kind}" style="background: var(--c)"></i>${escapeHtml(label)}</span>`).join("")}</div>`;
  const outcomeKinds: Array<[string, string]> = (["agreements", "noAgreements", "refusals", "withdrawals"] as const).map((k) => [
    k,
    COLUMNS.find((c) => c.key === k)?.[language] ?? k,
  ]);
  const figureRows = COLUMNS.map((c) => [c[language], cell(report.figures, c.key)]);
  const breakdownTables = report.breakdowns
    .filter((b) => b.rows.length > 0)
    .map(
      (b) =>
        `<section><h2>${escapeHtml(w[b.dimension])}</h2>${table(
          [w[b.dimension], ...COLUMNS.slice(0, 9).map((c) => c[language])],
          b.rows.map((r) => [keyName(b.dimension, r.key, language), ...COLUMNS.slice(0, 9).map((c) => cell(r.figures, c.key))]),
        )}</section>`,
    )
    .join("");
  const corrections = report.corrections.length
    ? `<section><h2>${escapeHtml(w.corrections)}</h2>${table(
        [w.key, ...COLUMNS.slice(0, 9).map((c) => c[language])],
        report.corrections.map((c) => [c.month, ...COLUMNS.slice(0, 9).map((col) => cell(c.delta, col.key))]),
      )}</section>`
    : "";
  return `<!doctype html>
<html lang="${language === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8"><title>${escapeHtml(`${w.title} ${report.month} ${scopeName}`)}</title><style>${STYLE}
.bar.agreements{--c:#2e8b57}.bar.noAgreements{--c:#d98c2b}.bar.refusals{--c:#b23a48}.bar.withdrawals{--c:#8a94a0}</style></head>
<body>
<h1>${escapeHtml(w.title)} · ${escapeHtml(report.month)} · ${escapeHtml(scopeName)}</h1>
<p class="meta">${escapeHtml(status)}</p>
<section>${table([w.figure, report.month], figureRows)}</section>
<section><h2>${escapeHtml(w.rateChart)}</h2>${lineChart(
    "success-rate",
    report.successRateHistory.map((h) => ({ label: h.month, value: rate(h.successRatePercent) })),
  )}</section>
<section><h2>${escapeHtml(w.outcomesChart)}</h2>${legend(outcomeKinds)}${barChart(
    "outcomes-by-category",
    byCategory.map((r) => ({
      label: keyName("category", r.key, language),
      parts: outcomeKinds.map(([kind]) => ({ kind, value: r.figures[kind as "agreements"] as number })),
    })),
  )}</section>
${
  byCentre.length
    ? `<section><h2>${escapeHtml(w.loadChart)}</h2>${barChart(
        "load-by-centre",
        byCentre.map((r) => ({ label: r.key, parts: [{ kind: "received", value: r.figures.received }] })),
      )}</section>`
    : ""
}
${comparison(w.previousMonth, report.previousMonth, language)}
${comparison(w.yearAgo, report.sameMonthLastYear, language)}
<section><h2>${escapeHtml(w.endedByChannel)}</h2>${table([w.channel, w.outcome, w.count], endedRows(report, language))}</section>
${waitingRows(report, language).length ? `<section data-section="waiting-for-owner"><h2>${escapeHtml(w.waiting)}</h2>${table([w.waitingKind, w.count], waitingRows(report, language))}</section>` : ""}
${breakdownTables}
${corrections}
<section><h2>${escapeHtml(w.definitions)}</h2><dl>${report.definitions.map((d) => `<dt>${escapeHtml(language === "zh" ? (TERMS_ZH[d.term] ?? d.term) : d.term)}</dt><dd>${escapeHtml(language === "zh" ? (DEFINITIONS_ZH[d.term] ?? d.meaning) : d.meaning)}</dd>`).join("")}</dl></section>
</body></html>
`;
}
