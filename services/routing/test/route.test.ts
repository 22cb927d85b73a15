// The shipped policy, one row per rule and each threshold's edges: the dispute, and the channel and
// rule it must get.
import { CATEGORIES, type ChannelCode } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { decideOnward } from "../src/domain/onward.js";
import { type DisputeFacts, decideRoute } from "../src/domain/route.js";
import { facts, shipped } from "./shipped-policy.js";

type Row = [string, Partial<DisputeFacts>, ChannelCode, string];

const rows: Row[] = [
  ["family", { category: "FAMILY" }, "PEOPLES_MEDIATION", "mediation-first.family"],
  ["family with a large claim", { category: "FAMILY", claimAmountFen: 900_000_000 }, "PEOPLES_MEDIATION", "mediation-first.family"],
  ["neighbour", { category: "NEIGHBOUR" }, "PEOPLES_MEDIATION", "mediation-first.neighbour"],
  ["small debt of nothing", { category: "SMALL_DEBT", claimAmountFen: 0 }, "PEOPLES_MEDIATION", "mediation-first.small-debt"],
  ["small debt at the threshold", { category: "SMALL_DEBT", claimAmountFen: 5_000_000 }, "PEOPLES_MEDIATION", "mediation-first.small-debt"],
  ["small debt one fen over", { category: "SMALL_DEBT", claimAmountFen: 5_000_001 }, "LAWYER_MEDIATION", "small-debt.over-threshold"],
  ["consumer", { category: "CONSUMER", claimAmountFen: 129_900 }, "CONSUMER_ASSOCIATION", "consumer"],
  ["commercial", { category: "COMMERCIAL", claimAmountFen: 50_000_000 }, "COMMERCIAL_MEDIATION", "commercial"],
  ["labour and wages", { category: "LABOUR_WAGES", claimAmountFen: 800_000 }, "LABOUR_MEDIATION", "labour"],
  ["administrative", { category: "ADMINISTRATIVE" }, "ADMINISTRATIVE_MEDIATION", "administrative"],
  ["housing rental at 100,000 yuan", { category: "HOUSING_RENTAL", claimAmountFen: 10_000_000 }, "PEOPLES_MEDIATION", "by-amount.peoples"],
  ["housing rental one fen over", { category: "HOUSING_RENTAL", claimAmountFen: 10_000_001 }, "LAWYER_MEDIATION", "by-amount.lawyer"],
  ["property management, small", { category: "PROPERTY_MANAGEMENT", claimAmountFen: 300_000 }, "PEOPLES_MEDIATION", "by-amount.peoples"],
  ["property management, large", { category: "PROPERTY_MANAGEMENT", claimAmountFen: 20_000_000 }, "LAWYER_MEDIATION", "by-amount.lawyer"],
  [
    "education and training, small",
    { category: "EDUCATION_TRAINING", claimAmountFen: 1_000_000 },
    "PEOPLES_MEDIATION",
    "by-amount.peoples",
  ],
  ["education and training, large", { category: "EDUCATION_TRAINING", claimAmountFen: 10_000_001 }, "LAWYER_MEDIATION", "by-amount.lawyer"],
  ["damages, small", { category: "DAMAGES", claimAmountFen: 0 }, "PEOPLES_MEDIATION", "by-amount.peoples"],
  ["damages, large", { category: "DAMAGES", claimAmountFen: 99_000_000 }, "LAWYER_MEDIATION", "by-amount.lawyer"],
  ["demolition and resettlement", { category: "DEMOLITION_RESETTLEMENT" }, "DISTRICT_ESCALATION", "demolition"],
  ["other", { category: "OTHER" }, "TRIAGE", "triage.default"],
  // Risk comes before every category rule.
  ["must report (art. 25)", { category: "FAMILY", mustReport: true }, "DISTRICT_ESCALATION", "risk.must-report"],
  ["9 claimants", { category: "EDUCATION_TRAINING", claimantCount: 9 }, "PEOPLES_MEDIATION", "by-amount.peoples"],
  ["10 claimants", { category: "EDUCATION_TRAINING", claimantCount: 10 }, "DISTRICT_ESCALATION", "risk.mass-claimants"],
  ["4th dispute against one respondent", { category: "CONSUMER", disputesAgainstRespondent: 4 }, "CONSUMER_ASSOCIATION", "consumer"],
  [
    "5th dispute against one respondent",
    { category: "CONSUMER", disputesAgainstRespondent: 5 },
    "DISTRICT_ESCALATION",
    "risk.same-respondent",
  ],
  // The parties' wishes, where the policy allows them.
  [
    "housing, lawyer mediation asked for",
    { category: "HOUSING_RENTAL", preferredChannel: "LAWYER_MEDIATION" },
    "LAWYER_MEDIATION",
    "by-amount.peoples+preference",
  ],
  [
    "consumer, people's mediation asked for",
    { category: "CONSUMER", preferredChannel: "PEOPLES_MEDIATION" },
    "PEOPLES_MEDIATION",
    "consumer+preference",
  ],
  [
    "family, litigation asked for: mediation stays first",
    { category: "FAMILY", preferredChannel: "LITIGATION_GUIDANCE" },
    "PEOPLES_MEDIATION",
    "mediation-first.family",
  ],
  [
    "other, lawyer asked for: not allowed for OTHER",
    { category: "OTHER", preferredChannel: "LAWYER_MEDIATION" },
    "TRIAGE",
    "triage.default",
  ],
];

describe("the shipped routing policy", () => {
  it.each(rows)("%s → %s by %s", (_name, over, channel, rule) => {
    const decision = decideRoute(facts(over), shipped);
    expect(decision.channel).toBe(channel);
    expect(decision.rule).toBe(rule);
    expect(decision.policyVersion).toBe(shipped.version);
    // Chinese first, the English beside it.
    expect(decision.reason).toMatch(/\p{Script=Han}/u);
    expect(decision.reasonEn).toMatch(/^[\x20-\x7e]+$/);
  });

  it("gives the matched rule's reason in both languages, and adds the parties' choice to it", () => {
    expect(decideRoute(facts({ category: "OTHER" }), shipped)).toMatchObject({
      reason: "没有适用的规则，由督导人工确定渠道",
      reasonEn: "no rule applies; a person decides the channel",
    });
    expect(decideRoute(facts({ category: "DAMAGES", claimAmountFen: 100, preferredChannel: "LAWYER_MEDIATION" }), shipped)).toMatchObject({
      reason: "标的10万元以下的纠纷由人民调解；当事人选择律师调解",
      reasonEn: "claims of 100,000 yuan or less go to people's mediation; the parties asked for LAWYER_MEDIATION",
    });
  });

  it("covers every category", () => {
    const covered = new Set(rows.map(([, over]) => over.category));
    expect(CATEGORIES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it("names the owner and the highest level when several risks hold", () => {
    const decision = decideRoute(
      facts({ category: "EDUCATION_TRAINING", claimantCount: 300, mustReport: true, disputesAgainstRespondent: 7 }),
      shipped,
    );
    expect(decision.riskLevel).toBe("RED");
    expect(decision.owner).toBe("区中心主任");
    expect(decision.risks.map((r) => r.kind)).toEqual(["MUST_REPORT", "MASS_CLAIMANTS", "SAME_RESPONDENT"]);
    expect(decision.reason).toBe(
      "红色风险（需上报（可能转化为刑事或治安案件）、群体性纠纷、同一被申请人纠纷多发）：上报区中心，负责人：区中心主任",
    );
    expect(decision.reasonEn).toBe(
      "RED risk (MUST_REPORT, MASS_CLAIMANTS, SAME_RESPONDENT): escalated to the district, owner district centre director",
    );
  });

  it("explains every condition it checked, and which held", () => {
    const decision = decideRoute(facts({ category: "SMALL_DEBT", claimAmountFen: 5_000_001 }), shipped);
    expect(decision.conditions.filter((c) => c.held).map((c) => c.description)).toEqual([
      "category is SMALL_DEBT",
      "category is SMALL_DEBT",
      "claim 50000.01 yuan is over 50000.00 yuan",
    ]);
    expect(decision.conditions).toContainEqual({ description: "claim 50000.01 yuan is at or under 50000.00 yuan", held: false });
  });
});

describe("onward routing", () => {
  it.each([
    ["FAMILY", "PEOPLES_MEDIATION", "REFUSED", "LITIGATION_GUIDANCE", "onward.after-refusal"],
    ["SMALL_DEBT", "PEOPLES_MEDIATION", "NO_AGREEMENT", "LITIGATION_GUIDANCE", "onward.after-no-agreement"],
    ["LABOUR_WAGES", "LABOUR_MEDIATION", "NO_AGREEMENT", "LABOUR_ARBITRATION", "onward.after-no-agreement"],
  ] as const)("%s mediated in %s and closed %s goes on to %s", (category, channel, outcome, next, rule) => {
    expect(decideOnward(category, channel, outcome, shipped)).toMatchObject({ channel: next, rule });
  });

  it("says why in Chinese and in English", () => {
    expect(decideOnward("FAMILY", "PEOPLES_MEDIATION", "REFUSED", shipped)).toMatchObject({
      reason: "一方当事人拒绝调解（《人民调解法》第十七条、第二十三条）；转诉讼引导",
      reasonEn: "a party refused mediation (People's Mediation Law art. 17, 23); onward to LITIGATION_GUIDANCE",
    });
    expect(decideOnward("LABOUR_WAGES", "LABOUR_MEDIATION", "NO_AGREEMENT", shipped)?.reason).toBe(
      "劳动争议调解未达成协议，可申请仲裁；转劳动仲裁",
    );
  });

  it.each([
    ["AGREEMENT", "PEOPLES_MEDIATION"],
    ["WITHDRAWN", "PEOPLES_MEDIATION"],
    ["REFUSED", "TRIAGE"],
  ] as const)("does not route a case closed %s in %s", (outcome, channel) => {
    expect(decideOnward("FAMILY", channel, outcome, shipped)).toBeUndefined();
  });
});
