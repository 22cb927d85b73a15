// Holes found in review (issue 11): control characters in free text, and respondent keys that
// zero-width, full-width or space characters could split.
import { InvalidArgument } from "@mediation/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Party, type SubmissionInput, validateSubmission } from "../src/domain/dispute.js";
import { respondentKey } from "../src/domain/party-key.js";

const valid: SubmissionInput = {
  requestId: "req-1",
  centreCode: "JD01",
  category: "FAMILY",
  claimAmountFen: 0n,
  summary: "inheritance of a flat",
  parties: [
    { role: "CLAIMANT", kind: "PERSON", name: "赵一", idNumber: "", phone: "" },
    { role: "RESPONDENT", kind: "ORGANISATION", name: "某公司", idNumber: "91110108MA01C6K12X", phone: "" },
  ],
  preferredChannel: "",
  mustReport: false,
  preferredMediatorId: "",
};

function refused(input: Partial<SubmissionInput>): string[] {
  try {
    validateSubmission({ ...valid, ...input });
    return [];
  } catch (error) {
    if (!(error instanceof InvalidArgument)) throw error;
    return error.violations.map((v) => `${v.field}: ${v.problem}`);
  }
}

describe("free text refuses control characters", () => {
  it("refuses a summary made only of control characters, naming the field", () => {
    expect(refused({ summary: "\x00\x01\x02" })).toEqual([expect.stringMatching(/^summary: .*control character/)]);
  });

  it("refuses C0 and C1 controls and DEL anywhere in a summary or a name, but keeps newline and tab", () => {
    expect(refused({ summary: "rent\x1b[2J owed" })).toHaveLength(1);
    expect(refused({ summary: "rent owed\x7f" })).toHaveLength(1);
    expect(refused({ summary: "rent\u0085owed" })).toHaveLength(1);
    const named = refused({ parties: [{ ...valid.parties[0]!, name: "赵\x07一" }, valid.parties[1]!] });
    expect(named).toEqual([expect.stringMatching(/^parties\[0\]\.name: /)]);
    expect(refused({ summary: "first line\nsecond\tcolumn" })).toEqual([]);
  });
});

const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"];
const SPACES = [" ", "\u3000", "\u00a0", "\t", "\u2009"];
const fullWidth = (ch: string) => (/[!-~]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch);
const key = (name: string, idNumber = "") =>
  respondentKey({ role: "RESPONDENT", kind: "PERSON", name, idNumber, phone: "" } satisfies Party, "secret-secret-secret");

/** A name of upper-case letters, digits and common Chinese characters: nothing that normalises away. */
const plainName = fc
  .array(fc.constantFrom(..."ABCDEFXYZ0123456789张三李四王五赵一二有限公司培训学校"), { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(""));

/** The same name with zero-width, full-width and space characters mixed in. */
const disguised = (name: string) =>
  fc
    .tuple(
      ...[...name].map((ch) =>
        fc
          .tuple(fc.boolean(), fc.constantFrom("", ...ZERO_WIDTH, ...SPACES))
          .map(([wide, noise]) => `${noise}${wide ? fullWidth(ch) : ch}`),
      ),
      fc.constantFrom("", ...ZERO_WIDTH, ...SPACES),
    )
    .map((parts) => parts.join(""));

describe("respondent keys see through disguises (property)", () => {
  it("gives the same key to names that differ only by zero-width, full-width or space characters", () => {
    fc.assert(
      fc.property(
        plainName.chain((name) => fc.tuple(fc.constant(name), disguised(name))),
        ([name, variant]) => key(variant) === key(name),
      ),
      { numRuns: 500 },
    );
  });

  it("gives distinct names distinct keys", () => {
    fc.assert(
      fc.property(plainName, plainName, (a, b) => a === b || key(a) !== key(b)),
      { numRuns: 500 },
    );
  });

  it("folds the example from the review: 张\\u200b三 is 张三", () => {
    expect(key("张\u200b三")).toBe(key("张三"));
  });

  it("accepts a credit code typed full-width, in lower case or with zero-width characters, and keys it as the plain one", () => {
    const typed = "９１１１０１０８ｍａ０１Ｃ６Ｋ１２Ｘ\u200b";
    const submission = validateSubmission({ ...valid, parties: [valid.parties[0]!, { ...valid.parties[1]!, idNumber: typed }] });
    expect(submission.parties[1]?.idNumber).toBe("91110108MA01C6K12X");
    expect(key("某公司", typed)).toBe(key("某公司", "91110108MA01C6K12X"));
  });
});
