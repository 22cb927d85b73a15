// The results: a table on the terminal (what, measured, ceiling, ratio, target) and the same rows,
// with every raw figure, as JSON.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./centre.js";

export interface Row {
  what: string;
  measured: string;
  ceiling?: string;
  ratio?: number;
  target?: string;
  /** Whether the target is met; undefined when the row has none. */
  met?: boolean;
}

const n = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "—";
export const perSecond = (x: number, unit: string) => `${n(x)} ${unit}/s`;
export const ms = (x: number) => (x >= 100 ? `${n(x)} ms` : `${n(x, 1)} ms`);
export const mb = (x: number) => `${n(x)} MB`;
export const ratio = (x: number) => (x >= 10 ? n(x, 1) : x >= 0.1 ? n(x, 2) : n(x, 3));

export function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [
    r.what,
    r.measured,
    r.ceiling ?? "—",
    r.ratio === undefined ? "—" : ratio(r.ratio),
    r.target ? `${r.target} ${r.met === undefined ? "" : r.met ? "✓" : "✗"}`.trim() : "—",
  ]);
  const header = ["what", "measured", "ceiling", "ratio", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] as number)).join(" | ")} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
}

/** Writes the JSON where `--out` says, else bench-results/system-<time>.json, and copies it to system-latest.json. */
export function writeResults(results: object, out?: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = out ?? join(REPO_ROOT, "bench-results", `system-${stamp}.json`);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (!out) writeFileSync(join(REPO_ROOT, "bench-results", "system-latest.json"), text);
  return file;
}
