import { randomUUID } from "node:crypto";
import { type CategoryCode, categoryCodec, intake } from "@mediation/contracts";
import { yuanToFen } from "../money.js";

export interface DemoCase {
  centreCode: string;
  category: CategoryCode;
  amountYuan: string;
  summary: string;
  /** How the mediator closes it; absent for disputes that do not go to people's mediation. */
  outcome?: "OUTCOME_AGREEMENT" | "OUTCOME_NO_AGREEMENT" | "OUTCOME_REFUSED";
  terms?: string;
}

export const DEMO_CASES: DemoCase[] = [
  {
    centreCode: "JD01",
    category: "FAMILY",
    amountYuan: "0",
    summary: "Siblings disagree over caring for their mother",
    outcome: "OUTCOME_AGREEMENT",
    terms: "visits every Sunday",
  },
  {
    centreCode: "JD01",
    category: "NEIGHBOUR",
    amountYuan: "0",
    summary: "Water leaks from the flat upstairs",
    outcome: "OUTCOME_AGREEMENT",
    terms: "repairs the pipe",
  },
  {
    centreCode: "JD02",
    category: "SMALL_DEBT",
    amountYuan: "3000",
    summary: "Unpaid loan between friends",
    outcome: "OUTCOME_NO_AGREEMENT",
  },
  { centreCode: "JD01", category: "FAMILY", amountYuan: "0", summary: "Dispute over a shared family car", outcome: "OUTCOME_REFUSED" },
  { centreCode: "JD02", category: "SMALL_DEBT", amountYuan: "80000", summary: "Unpaid renovation invoice" },
  { centreCode: "JD01", category: "CONSUMER", amountYuan: "1299", summary: "Refund refused for a faulty phone" },
];

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
        name: "示例被申请人",
        idNumber: "",
        phone: "",
      },
    ],
  };
}
