import { randomUUID } from "node:crypto";
import { common, intake } from "@mediation/contracts";

const { PartyKind, PartyRole } = intake;

/**
 * A valid submission; override what the test is about. Each names its own respondent, since five
 * disputes against one respondent within 30 days escalate to the district (mass involvement).
 */
export function aDispute(overrides: Partial<intake.SubmitDisputeRequest> = {}): Partial<intake.SubmitDisputeRequest> {
  return {
    requestId: randomUUID(),
    centreCode: "JD01",
    category: common.Category.CATEGORY_FAMILY,
    claimAmountFen: 0n,
    summary: "Siblings disagree over caring for their mother",
    parties: [
      { role: PartyRole.PARTY_ROLE_CLAIMANT, kind: PartyKind.PARTY_KIND_PERSON, name: "赵一", idNumber: "", phone: "13800000001" },
      {
        role: PartyRole.PARTY_ROLE_RESPONDENT,
        kind: PartyKind.PARTY_KIND_PERSON,
        name: `被申请人-${randomUUID().slice(0, 8)}`,
        idNumber: "",
        phone: "",
      },
    ],
    ...overrides,
  };
}
