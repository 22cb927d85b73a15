import type { Figures } from "../../domain/figures.js";

export type Language = "zh" | "en";

type Column = { key: keyof Figures; zh: string; en: string };

/** The figures in the order exports show them, with their headers in both languages. */
export const COLUMNS: Column[] = [
  { key: "received", zh: "受理数", en: "Received" },
  { key: "routedMediationFirst", zh: "调解优先分流数", en: "Routed mediation-first" },
  { key: "accepted", zh: "调解员接案数", en: "Accepted" },
  { key: "closed", zh: "结案数", en: "Closed" },
  { key: "agreements", zh: "调解成功数", en: "Agreements" },
  { key: "noAgreements", zh: "调解未成数", en: "No agreement" },
  { key: "refusals", zh: "拒绝调解数", en: "Refused" },
  { key: "withdrawals", zh: "撤回数", en: "Withdrawn" },
  { key: "successRatePercent", zh: "调解成功率(%)", en: "Success rate (%)" },
  { key: "backlog", zh: "月末积案数", en: "Backlog at month end" },
  { key: "overdue", zh: "超期数", en: "Overdue" },
  { key: "medianDaysToAssignment", zh: "分派天数中位数", en: "Median days to assignment" },
  { key: "p90DaysToAssignment", zh: "分派天数P90", en: "P90 days to assignment" },
  { key: "medianDaysToClose", zh: "结案天数中位数", en: "Median days to close" },
  { key: "p90DaysToClose", zh: "结案天数P90", en: "P90 days to close" },
  { key: "riskAlertsRed", zh: "红色预警", en: "Red alerts" },
  { key: "riskAlertsOrange", zh: "橙色预警", en: "Orange alerts" },
  { key: "riskAlertsYellow", zh: "黄色预警", en: "Yellow alerts" },
];

export const WORDS = {
  zh: {
    title: "矛盾纠纷调处化解月报",
    district: "全区",
    scope: "范围",
    key: "项目",
    total: "合计",
    centre: "街道中心",
    category: "纠纷类别",
    channel: "化解渠道",
    mediator: "调解员",
    definitions: "口径说明",
    published: "已发布",
    live: "实时数据（未发布）",
    hash: "内容哈希",
    previousMonth: "环比",
    yearAgo: "同比",
    corrections: "更正（发布后到达的事件）",
    rateChart: "近十二个月调解成功率",
    outcomesChart: "各类别结案结果",
    loadChart: "各街道中心受理量",
    figure: "指标",
    change: "变化",
  },
  en: {
    title: "Dispute mediation monthly report",
    district: "Whole district",
    scope: "Scope",
    key: "Item",
    total: "Total",
    centre: "Centre",
    category: "Category",
    channel: "Channel",
    mediator: "Mediator",
    definitions: "Definitions",
    published: "Published",
    live: "Live figures (not yet published)",
    hash: "Content hash",
    previousMonth: "Against the previous month",
    yearAgo: "Against the same month last year",
    corrections: "Corrections (events that arrived after publication)",
    rateChart: "Success rate, last twelve months",
    outcomesChart: "Outcomes by category",
    loadChart: "Disputes received by centre",
    figure: "Figure",
    change: "Change",
  },
} as const;

export const cell = (f: Figures, key: keyof Figures): string => {
  const value = f[key];
  return value === undefined ? "" : Array.isArray(value) ? "" : String(value);
};
