// The dashboard and alert rules in deploy/observability, read for tests: the Prometheus rule-file
// shape (promtool is not at hand, so a schema of it), and the metric names each query uses.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "@mediation/config";
import { parse } from "yaml";

const DIR = join(import.meta.dirname, "..", "..", "deploy", "observability");

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, "a Prometheus duration such as 30s, 5m or 1h");
const labels = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string());
const alertingRule = z.strictObject({
  alert: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "a metric-style name"),
  expr: z.string().min(1),
  for: duration.optional(),
  keep_firing_for: duration.optional(),
  labels: labels.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const recordingRule = z.strictObject({
  record: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/),
  expr: z.string().min(1),
  labels: labels.optional(),
});

/** The rule-file shape Prometheus loads (groups of alerting or recording rules). */
export const ruleFileSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: duration.optional(),
        limit: z.number().int().min(0).optional(),
        rules: z.array(z.union([alertingRule, recordingRule])).min(1),
      }),
    )
    .min(1),
});

export const readAlertRules = () => parse(readFileSync(join(DIR, "alerts.yaml"), "utf8")) as unknown;

export interface DashboardPanel {
  title: string;
  targets: Array<{ expr: string }>;
}
export const readDashboard = () =>
  JSON.parse(readFileSync(join(DIR, "grafana-dashboard.json"), "utf8")) as { title: string; panels: DashboardPanel[] };

const KEYWORDS = new Set(["by", "without", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset", "le"]);

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords or labels. */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "")
    .replace(/\$\w+/g, "");
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice((match.index ?? 0) + match[0].length).trimStart();
    if (after.startsWith("(") || KEYWORDS.has(match[0])) continue;
    names.add(match[0]);
  }
  return [...names];
}
