// The monthly report as published: figures, breakdowns, comparisons, corrections, definitions. Pure.
import { createHash } from "node:crypto";
import { changesBetween, DEFINITIONS, type Figures } from "./figures.js";
import type { WaitingSummary } from "./owner-waits.js";
import type { Dimension } from "./tally.js";

export interface Comparison {
  month: string;
  figures: Figures;
  changes: Array<{ figure: string; change: string }>;
}

export interface MonthlyReport {
  month: string;
  /** "" for the whole district. */
  centreCode: string;
  figures: Figures;
  breakdowns: Array<{ dimension: Dimension; rows: Array<{ key: string; figures: Figures }> }>;
  previousMonth: Comparison | undefined;
  sameMonthLastYear: Comparison | undefined;
  corrections: Array<{ month: string; delta: Figures }>;
  definitions: typeof DEFINITIONS;
  successRateHistory: Array<{ month: string; successRatePercent: string }>;
  /** Disputes with no person responsible at the report's time (published: then; live: now). */
  waitingForOwner: WaitingSummary;
  published: boolean;
  contentHash: string;
  publishedAt: string;
}

export function compare(now: Figures, month: string, before: Figures | undefined): Comparison | undefined {
  return before ? { month, figures: before, changes: changesBetween(now, before) } : undefined;
}

/** Keys in a fixed order, so the same report always has the same bytes. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** SHA-256 of the report's canonical JSON, without its publication fields. */
export function contentHash(report: MonthlyReport): string {
  const { published: _p, contentHash: _h, publishedAt: _a, ...content } = report;
  return createHash("sha256")
    .update(JSON.stringify(canonical(content)))
    .digest("hex");
}

export { DEFINITIONS };
