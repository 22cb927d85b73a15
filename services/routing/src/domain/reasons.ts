// Why routing decided, in Chinese first and in English: the words a street centre reads on a dispute's
// timeline and a supervisor in the work queue. A policy rule gives its own reason in both languages
// (services/routing/policy.yaml); the reasons routing composes itself (a risk, the parties' choice,
// onward routing, a case nobody took) are here. Pure.
import type { CategoryCode, ChannelCode, OutcomeCode, RiskLevelCode } from "@mediation/contracts/domain";

/** A reason in both languages: `zh` is published as the event's `reason`, `en` as `reason_en`. */
export interface Reason {
  zh: string;
  en: string;
}

/** Han characters: a reason "in Chinese" has at least one. */
export const HAN = /\p{Script=Han}/u;

const CHANNEL_ZH: Record<ChannelCode, string> = {
  PEOPLES_MEDIATION: "人民调解",
  LAWYER_MEDIATION: "律师调解",
  CONSUMER_ASSOCIATION: "消费者协会",
  COMMERCIAL_MEDIATION: "商事调解",
  LABOUR_MEDIATION: "劳动争议调解",
  ADMINISTRATIVE_MEDIATION: "行政调解",
  DISTRICT_ESCALATION: "上报区中心",
  TRIAGE: "分流研判",
  LITIGATION_GUIDANCE: "诉讼引导",
  LABOUR_ARBITRATION: "劳动仲裁",
};

const LEVEL_ZH: Record<RiskLevelCode, string> = { YELLOW: "黄色", ORANGE: "橙色", RED: "红色" };

export type RiskKindCode = "MUST_REPORT" | "MASS_CLAIMANTS" | "SAME_RESPONDENT";
const RISK_ZH: Record<RiskKindCode, string> = {
  MUST_REPORT: "需上报（可能转化为刑事或治安案件）",
  MASS_CLAIMANTS: "群体性纠纷",
  SAME_RESPONDENT: "同一被申请人纠纷多发",
};

/** A risk decided the channel: escalated to the district, with the office that owns it. */
export function riskReason(level: RiskLevelCode, kinds: RiskKindCode[], owner: { name: string; nameEn: string }): Reason {
  return {
    zh: `${LEVEL_ZH[level]}风险（${kinds.map((k) => RISK_ZH[k]).join("、")}）：上报区中心，负责人：${owner.name}`,
    en: `${level} risk (${kinds.join(", ")}): escalated to the district, owner ${owner.nameEn}`,
  };
}

/** The parties asked for a channel the policy allows (People's Mediation Law art. 17). */
export function withPreference(reason: Reason, preferred: ChannelCode): Reason {
  return {
    zh: `${reason.zh}；当事人选择${CHANNEL_ZH[preferred]}`,
    en: `${reason.en}; the parties asked for ${preferred}`,
  };
}

/** Onward after refusal or no agreement (docs/domain-rules.md#mediation-first). */
export function onwardReason(category: CategoryCode, outcome: OutcomeCode, channel: ChannelCode): Reason {
  if (outcome === "REFUSED")
    return {
      zh: `一方当事人拒绝调解（《人民调解法》第十七条、第二十三条）；转${CHANNEL_ZH[channel]}`,
      en: `a party refused mediation (People's Mediation Law art. 17, 23); onward to ${channel}`,
    };
  if (category === "LABOUR_WAGES")
    return {
      zh: `劳动争议调解未达成协议，可申请仲裁；转${CHANNEL_ZH[channel]}`,
      en: `labour mediation ended without agreement: arbitration opens; onward to ${channel}`,
    };
  return { zh: `调解未达成协议；转${CHANNEL_ZH[channel]}`, en: `mediation ended without agreement; onward to ${channel}` };
}

/** Why a case waits for the supervisor to name its mediator. */
export const ESCALATION_REASONS = {
  OFFERS_EXHAUSTED: { zh: "分派均被拒绝或超时未答复", en: "every offer was declined or expired" },
  NO_CANDIDATE: { zh: "没有可承办该案件的调解员", en: "no mediator could take the case" },
  OTHER: { zh: "已升级至督导", en: "escalated to the supervisor" },
} as const satisfies Record<string, Reason>;
