// The Chinese report's names for the codes and the definitions (the report data keeps the codes and
// the English definitions; an export in Chinese shows these instead).
import type { CategoryCode, ChannelCode } from "@mediation/contracts";

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
};

/** A breakdown row's name in the report's language: categories and channels in Chinese for zh. */
export function keyName(dimension: string, key: string, language: "zh" | "en"): string {
  if (language !== "zh") return key;
  if (dimension === "category") return CATEGORY_ZH[key as CategoryCode] ?? key;
  if (dimension === "channel") return CHANNEL_ZH[key as ChannelCode] ?? key;
  return key;
}
