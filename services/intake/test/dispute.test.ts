import { InvalidArgument } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { caseNumber, type SubmissionInput, validateSubmission } from "../src/domain/dispute.js";
import { normaliseIdentity, respondentKey } from "../src/domain/party-key.js";

const valid: SubmissionInput = {
  requestId: "req-1",
  centreCode: "JD01",
  category: "FAMILY",
  claimAmountFen: 12_345n,
  summary: "  inheritance of a flat  ",
  parties: [
    { role: "CLAIMANT", kind: "PERSON", name: "赵一", idNumber: "", phone: "13800000000" },
    { role: "RESPONDENT", kind: "PERSON", name: "赵二", idNumber: "11010519491231002X", phone: "" },
  ],
  preferredChannel: "",
  mustReport: false,
  preferredMediatorId: "",
};

function violations(input: Partial<SubmissionInput>): string[] {
  try {
    validateSubmission({ ...valid, ...input });
    return [];
  } catch (error) {
    if (!(error instanceof InvalidArgument)) throw error;
    return error.violations.map((v) => v.field);
  }
}

describe("validating a submission", () => {
  it("accepts a valid one, trimming text and keeping money as integer fen", () => {
    const submission = validateSubmission(valid);
    expect(submission.summary).toBe("inheritance of a flat");
    expect(submission.claimAmountFen).toBe(12_345);
  });

  const rows = [
    [{ requestId: "" }, "request_id"],
    [{ requestId: "x".repeat(65) }, "request_id"],
    [{ requestId: "has space" }, "request_id"],
    [{ centreCode: "jd01" }, "centre_code"],
    [{ category: undefined }, "category"],
    [{ claimAmountFen: -1n }, "claim_amount_fen"],
    [{ claimAmountFen: 1_000_000_000_001n }, "claim_amount_fen"],
    [{ summary: "   " }, "summary"],
    [{ summary: "x".repeat(4001) }, "summary"],
    [{ parties: [] }, "parties"],
    [{ parties: [valid.parties[0]!] }, "parties"],
    [{ parties: [{ ...valid.parties[0]!, name: "" }, valid.parties[1]!] }, "parties[0].name"],
    [{ parties: [valid.parties[0]!, { ...valid.parties[1]!, phone: "call me" }] }, "parties[1].phone"],
    [{ parties: [valid.parties[0]!, { ...valid.parties[1]!, role: undefined }] }, "parties[1].role"],
    [{ preferredChannel: undefined }, "preferred_channel"],
    [{ preferredMediatorId: "not an id!" }, "preferred_mediator_id"],
  ] as Array<[Partial<SubmissionInput>, string]>;
  it.each(rows.map(([input, field]) => ({ input, field })))("refuses a bad $field", ({ input, field }) => {
    expect(violations(input)).toContain(field);
  });

  it("names every bad field at once", () => {
    expect(violations({ centreCode: "", category: undefined, summary: "" })).toEqual(["centre_code", "category", "summary"]);
  });

  it("numbers cases by centre, month and sequence", () => {
    expect(caseNumber("JD01", "2026-11", 7)).toBe("JD01-202611-0007");
  });
});

describe("respondent keys", () => {
  it("match the same respondent written differently, and never contain the name", () => {
    const a = respondentKey(
      { role: "RESPONDENT", kind: "ORGANISATION", name: "ＡＢＣ 培训 学校", idNumber: "", phone: "" },
      "secret-secret-secret",
    );
    const b = respondentKey(
      { role: "RESPONDENT", kind: "ORGANISATION", name: "abc培训学校", idNumber: "", phone: "" },
      "secret-secret-secret",
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(normaliseIdentity("ＡＢＣ 培训 学校")).toBe("ABC培训学校");
  });

  it("depend on the secret, so they cannot be reversed by hashing a list of names", () => {
    const party = { role: "RESPONDENT" as const, kind: "PERSON" as const, name: "赵二", idNumber: "", phone: "" };
    expect(respondentKey(party, "secret-one-secret-one")).not.toBe(respondentKey(party, "secret-two-secret-two"));
  });
});
