import { randomUUID } from "node:crypto";
import { type CategoryCode, categoryCodec, intake } from "@mediation/contracts";
import { yuanToFen } from "../money.js";

export interface DemoCase {
  centreCode: string;
  category: CategoryCode;
  amountYuan: string;
  summary: string;
  /** How the mediator closes it; absent for disputes that do not go to people's mediation. */
  respondent: string;
  outcome?: "OUTCOME_AGREEMENT" | "OUTCOME_NO_AGREEMENT" | "OUTCOME_REFUSED";
  terms?: string;
}

export const DEMO_CASES: DemoCase[] = [
  {
    centreCode: "JD01",
    category: "FAMILY",
    amountYuan: "0",
    summary: "Siblings disagree over caring for their mother",
    respondent: "赵某",
    outcome: "OUTCOME_AGREEMENT",
    terms: "visits every Sunday",
  },
  {
    centreCode: "JD01",
    category: "NEIGHBOUR",
    amountYuan: "0",
    summary: "Water leaks from the flat upstairs",
    respondent: "钱某",
    outcome: "OUTCOME_AGREEMENT",
    terms: "repairs the pipe",
  },
  {
    centreCode: "JD02",
    category: "SMALL_DEBT",
    amountYuan: "3000",
    summary: "Unpaid loan between friends",
    respondent: "孙某",
    outcome: "OUTCOME_NO_AGREEMENT",
  },
  {
    centreCode: "JD01",
    category: "FAMILY",
    amountYuan: "0",
    summary: "Dispute over a shared family car",
    respondent: "李某",
    outcome: "OUTCOME_REFUSED",
  },
  { centreCode: "JD02", category: "SMALL_DEBT", amountYuan: "80000", summary: "Unpaid renovation invoice", respondent: "周某装饰公司" },
  { centreCode: "JD01", category: "CONSUMER", amountYuan: "1299", summary: "Refund refused for a faulty phone", respondent: "吴某数码店" },
];

/** One demo run's suffix, so that repeated runs do not look like many disputes against one respondent. */
const RUN = randomUUID().slice(0, 4);

export function aDemoDispute(c: DemoCase): Partial<intake.SubmitDisputeRequest> {
  return {
    requestId: randomUUID(),
    centreCode: c.centreCode,
    category: categoryCodec.fromCode(c.category),
    claimAmountFen: yuanToFen(c.amountYuan),
    summary: c.summary,
    parties: [
      { role: intake.PartyRole.PARTY_ROLE_CLAIMANT, kind: intake.PartyKind.PARTY_KIND_PERSON, name: "示例申请人", idNumber: "", phone: "" },
      {
        role: intake.PartyRole.PARTY_ROLE_RESPONDENT,
        kind: intake.PartyKind.PARTY_KIND_PERSON,
        name: `${c.respondent} (demo ${RUN})`,
        idNumber: "",
        phone: "",
      },
    ],
  };
}
