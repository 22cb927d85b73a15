// The Chinese report's names for the codes and the definitions (the report data keeps the codes and
// the English definitions; an export in Chinese shows these instead).
import type { CategoryCode, ChannelCode, OutcomeCode } from "@mediation/contracts";

export const CATEGORY_ZH: Record<CategoryCode, string> = {
  FAMILY: "婚姻家庭",
  NEIGHBOUR: "邻里纠纷",
  SMALL_DEBT: "小额债务",
  HOUSING_RENTAL: "房屋租赁",
  LABOUR_WAGES: "劳动与欠薪",
  CONSUMER: "消费纠纷",
  COMMERCIAL: "商事纠纷",
  EDUCATION_TRAINING: "教育培训",
  PROPERTY_MANAGEMENT: "物业管理",
  DAMAGES: "损害赔偿",
  DEMOLITION_RESETTLEMENT: "征收拆迁安置",
  ADMINISTRATIVE: "行政争议",
  OTHER: "其他",
};

export const CHANNEL_ZH: Record<ChannelCode, string> = {
  PEOPLES_MEDIATION: "人民调解",
  LAWYER_MEDIATION: "律师调解",
  CONSUMER_ASSOCIATION: "消费者协会",
  COMMERCIAL_MEDIATION: "商事调解",
  LABOUR_MEDIATION: "劳动争议调解",
  ADMINISTRATIVE_MEDIATION: "行政调解",
  DISTRICT_ESCALATION: "区级提级处理",
  TRIAGE: "人工分流",
  LITIGATION_GUIDANCE: "诉讼引导",
  LABOUR_ARBITRATION: "劳动仲裁",
};

export const OUTCOME_ZH: Record<OutcomeCode, string> = {
  AGREEMENT: "调解成功",
  NO_AGREEMENT: "调解未成",
  REFUSED: "拒绝调解",
  WITHDRAWN: "撤回",
  GUIDANCE_GIVEN: "已引导诉讼或仲裁",
};

/** A channel's name in the report's language; "NONE" is a dispute withdrawn before routing. */
export const channelName = (code: string, language: "zh" | "en") =>
  language === "zh" ? (code === "NONE" ? "未分流" : (CHANNEL_ZH[code as ChannelCode] ?? code)) : code;
export const outcomeName = (code: string, language: "zh" | "en") => (language === "zh" ? (OUTCOME_ZH[code as OutcomeCode] ?? code) : code);

export const DEFINITIONS_ZH: Record<string, string> = {
  month: "按北京时间的自然月；每项指标统计事件本身发生时间落在该月的数量",
  received: "当月各街道中心提交的纠纷数",
  routed_by_channel: "当月首次分流决定，按渠道统计；调解后的再分流不重复计算",
  routed_mediation_first: "当月分流至调解优先渠道的纠纷数（婚姻家庭、邻里、小额债务）",
  accepted: "当月调解员接受的案件数",
  closed: "当月调解员接案后结案的案件数，含各种结果（含因纠纷撤回而结案）",
  success_rate:
    "调解成功率 = 调解成功数 ÷（调解成功数 + 调解未成数），按当月结案计，百分比，四舍五入保留两位小数；拒绝调解与撤回另列，不计入",
  refusals: "因一方拒绝调解而结案的案件数（《人民调解法》第十七条、第二十三条）",
  withdrawals: "当月撤回的纠纷数，每件计一次：街道中心在结案前任一阶段撤回，或调解员以撤回结案",
  backlog: "调解员已接案、月末尚未结案的案件数",
  overdue: "当月法定期限届满时仍未结案的案件数",
  days_to_assignment: "自提交至调解员接案的整日数（当月接案的案件），中位数与第90百分位（最近秩法）",
  days_to_close: "自提交至结案的整日数（当月结案的案件），中位数与第90百分位（最近秩法）",
  risk_alerts: "当月发出的风险预警数，按等级（红、橙、黄）",
  change: "与上月及上年同月相比：数量为差值，比率为百分点",
  corrections: "某月报告发布后才到达的该月事件；已发布的报告保持不变",
  ended:
    "当月在本中心办结的纠纷数：任一调解渠道调解成功、终结渠道已引导诉讼或仲裁、撤回，每件计一次；拒绝调解或调解未成不算办结，纠纷转入下一渠道",
  resolved_across_channels:
    "各渠道化解率 = 各调解渠道调解成功数 ÷ 当月办结纠纷数，百分比，四舍五入保留两位小数；与人民调解成功率并列，后者只计调解员以成功或未成结案的案件",
  guidance_given: "诉讼引导、劳动仲裁渠道的纠纷，由中心告知当事人应向哪个法院或仲裁委员会提出而办结的件数",
  ended_by_channel: "当月各渠道办结的情况，按结果统计：调解员结案、已引导诉讼或仲裁、撤回（按撤回时所在渠道，未分流的记为“未分流”）",
  waiting_for_owner:
    "报告时点（已发布的为发布时，实时数据为读取时）无人负责的纠纷：分流至人工分流尚未决定、分流至区级提级处理尚未认领、无调解员接手的案件尚未指派、再次派发、结案或撤回；并列出最久等待时长。正常月份应为0",
};

/** The definitions' terms in Chinese. */
export const TERMS_ZH: Record<string, string> = {
  month: "统计月份",
  received: "受理数",
  routed_by_channel: "分渠道分流数",
  routed_mediation_first: "调解优先分流数",
  accepted: "调解员接案数",
  closed: "结案数",
  success_rate: "调解成功率",
  ended: "办结纠纷数",
  resolved_across_channels: "各渠道化解率",
  guidance_given: "引导诉讼仲裁数",
  ended_by_channel: "各渠道办结情况",
  waiting_for_owner: "待认领纠纷",
  refusals: "拒绝调解数",
  withdrawals: "撤回数",
  backlog: "月末积案数",
  overdue: "超期数",
  days_to_assignment: "分派天数",
  days_to_close: "结案天数",
  risk_alerts: "风险预警",
  change: "环比与同比",
  corrections: "更正",
};

/** A breakdown row's name in the report's language: categories and channels in Chinese for zh. */
export function keyName(dimension: string, key: string, language: "zh" | "en"): string {
  if (language !== "zh") return key;
  if (dimension === "category") return CATEGORY_ZH[key as CategoryCode] ?? key;
  if (dimension === "channel") return channelName(key, language);
  return key;
}
