import { describe, expect, it } from "vitest";
import { reportCsv } from "../src/adapters/export/report-csv.js";
import { reportHtml } from "../src/adapters/export/report-html.js";
import { DEFINITIONS, figuresOf } from "../src/domain/figures.js";
import type { MonthlyReport } from "../src/domain/monthly-report.js";
import { summariseWaits } from "../src/domain/owner-waits.js";

const figures = figuresOf(
  {
    received: 3,
    closed: 2,
    agreements: 1,
    noAgreements: 1,
    guidanceGiven: 1,
    ended_LITIGATION_GUIDANCE_GUIDANCE_GIVEN: 1,
    ended_PEOPLES_MEDIATION_AGREEMENT: 1,
  },
  0,
);
const asOf = new Date("2026-11-30T02:00:00Z");
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
  waitingForOwner: summariseWaits([{ waiting: "TRIAGE", since: "2026-11-28T23:00:00Z" }], asOf),
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
    // Each channel's ends, its outcomes, the definitions' terms and the waiting disputes: all in Chinese.
    expect(html).toContain('<th scope="row">诉讼引导</th><td>已引导诉讼或仲裁</td><td>1</td>');
    expect(html).toContain('<th scope="row">人民调解</th><td>调解成功</td><td>1</td>');
    expect(html).not.toMatch(/GUIDANCE_GIVEN|LITIGATION_GUIDANCE|>success_rate<|>waiting_for_owner</);
    expect(html).toContain("<dt>各渠道化解率</dt>");
    expect(html).toContain('<th scope="row">人工分流待决定</th><td>1</td>');
    expect(html).toContain("1天3小时");
    expect(html).toContain("2026-11-30 10:00 北京时间");
  });

  it("gives the CSV's new sections in Chinese with the same numbers", () => {
    const csv = reportCsv(report, "zh");
    expect(csv).toContain("\r\n,诉讼引导,已引导诉讼或仲裁,1\r\n");
    expect(csv).toContain("\r\n,人工分流待决定,1\r\n");
    expect(csv).toContain("各渠道化解率(%)");
    expect(figures.resolvedAcrossChannelsPercent).toBe("50.00");
  });

  it("keeps the codes and the English definitions in the English report", () => {
    const html = reportHtml(report, "en");
    expect(html).toContain(">FAMILY<");
    expect(html).toContain("agreements ÷");
  });
});
