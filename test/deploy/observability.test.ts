// The alert rules have the shape Prometheus loads (a schema: promtool is not available here), each
// names a runbook line that README.md has, and each dashboard panel has a query. That the queries
// name metrics the services really export is checked against live scrapes in
// test/e2e/metrics.e2e.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { metricNamesIn, readAlertRules, readDashboard, ruleFileSchema } from "../support/observability.js";

const README = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

describe("deploy/observability", () => {
  it("has alert rules in the Prometheus rule-file shape, each with a runbook line in README", () => {
    const rules = ruleFileSchema.parse(readAlertRules());
    const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => "alert" in r);
    expect(alerts.map((r) => r.alert).sort()).toEqual([
      "CaseOverdue",
      "ConsumerLagGrowing",
      "DeadLetter",
      "OutboxStuck",
      "ServiceNotReady",
      "WorkWaitingOverADay",
    ]);
    for (const rule of alerts) {
      expect(metricNamesIn(rule.expr).length, rule.alert).toBeGreaterThan(0);
      expect(rule.annotations?.runbook, rule.alert).toMatch(/^README\.md#operate-it: /);
      expect(README, `README's runbook line for ${rule.alert}`).toContain(`(\`${rule.alert}\`)`);
    }
  });

  it("refuses a rule file that Prometheus would refuse", () => {
    expect(ruleFileSchema.safeParse({ groups: [{ name: "g", rules: [{ alert: "X", expr: "up", for: "ten minutes" }] }] }).success).toBe(
      false,
    );
    expect(ruleFileSchema.safeParse({ groups: [{ name: "g", rules: [{ alert: "X", exp: "up" }] }] }).success).toBe(false);
    expect(ruleFileSchema.safeParse({ groups: [] }).success).toBe(false);
  });

  it("reads the metric names out of a query, leaving functions, labels and keywords", () => {
    expect(
      metricNamesIn('histogram_quantile(0.95, sum by (le, rpc_method) (rate(rpc_server_duration_bucket{rpc_grpc_status_code!="0"}[5m])))'),
    ).toEqual(["rpc_server_duration_bucket"]);
    expect(metricNamesIn("deriv(max by (g) (a_pending)[10m:1m]) > 0 and max by (g) (a_pending) > 100")).toEqual(["a_pending"]);
  });

  it("has a dashboard whose every panel has a query", () => {
    const dashboard = readDashboard();
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(metricNamesIn(target.expr).length, panel.title).toBeGreaterThan(0);
    }
  });
});
