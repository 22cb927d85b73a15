import { describe, expect, it } from "vitest";
import { reportHtml } from "../src/adapters/export/report-html.js";
import { DEFINITIONS, figuresOf } from "../src/domain/figures.js";
import type { MonthlyReport } from "../src/domain/monthly-report.js";

const figures = figuresOf({ received: 3, closed: 2, agreements: 1, noAgreements: 1 }, 0);
const report: MonthlyReport = {
  month: "2026-10",
  centreCode: "",
  figures,
  breakdowns: [
    { dimension: "category", rows: [{ key: "FAMILY", figures }] },
    { dimension: "channel", rows: [{ key: "CONSUMER_ASSOCIATION", figures }] },
  ],
  previousMonth: undefined,
  sameMonthLastYear: undefined,
  corrections: [],
  definitions: DEFINITIONS,
  successRateHistory: [],
  published: false,
  contentHash: "",
  publishedAt: "",
};

describe("the report in Chinese", () => {
  it("names categories and channels in Chinese in the charts and tables, and gives the definitions in Chinese", () => {
    const html = reportHtml(report, "zh");
    expect(html).toContain("婚姻家庭");
    expect(html).toContain("消费者协会");
    expect(html).not.toMatch(/>FAMILY<|>CONSUMER_ASSOCIATION</);
    expect(html).toContain("调解成功率 = 调解成功数");
    expect(html).not.toContain("agreements ÷");
  });

  it("keeps the codes and the English definitions in the English report", () => {
    const html = reportHtml(report, "en");
    expect(html).toContain(">FAMILY<");
    expect(html).toContain("agreements ÷");
  });
});
