// Holes found in review (issue 11): an expired offer could still be accepted until its timer fired,
// and obligations had no checks on their due dates, number or length.
import { FailedPrecondition, InvalidArgument } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import * as transition from "../src/domain/case.js";

const now = new Date("2026-11-28T08:00:00Z");
const fresh = transition.openCase({
  caseId: "c1",
  disputeId: "d1",
  centreCode: "JD01",
  category: "FAMILY",
  channel: "PEOPLES_MEDIATION",
  routedAt: now.toISOString(),
  submittedAt: now.toISOString(),
  preferredMediatorId: "",
});
const expiresAt = new Date(now.getTime() + 60_000);
const offered = transition.offerCase(fresh, "A", "o1", now, expiresAt);
const deadline = new Date("2026-12-28T08:00:00Z");

describe("accepting an offer", () => {
  it("accepts it before it expires", () => {
    expect(transition.acceptOffer(offered, "A", "o1", new Date(expiresAt.getTime() - 1), deadline).state).toBe("ACCEPTED");
  });

  it("refuses it once its time is up, even if the expiry timer has not fired yet", () => {
    expect(() => transition.acceptOffer(offered, "A", "o1", expiresAt, deadline)).toThrow(FailedPrecondition);
    expect(() => transition.acceptOffer(offered, "A", "o1", new Date(expiresAt.getTime() + 5_000), deadline)).toThrow(/expired/);
  });
});

describe("closing with an agreement", () => {
  const accepted = transition.acceptOffer(offered, "A", "o1", now, deadline);
  const obligation = { obligor: "respondent", terms: "pays 500 yuan", manner: "bank transfer", dueBy: "2026-12-31T00:00:00.000Z" };
  const fieldsRefused = (obligations: transition.Obligation[]) => {
    try {
      transition.closeCase(
        accepted,
        "A",
        { outcome: "AGREEMENT", obligations, refusedBy: "", partiesToldOfOtherRoutes: false },
        now,
        deadline,
      );
      return [];
    } catch (error) {
      if (!(error instanceof InvalidArgument)) throw error;
      return error.violations.map((v) => v.field);
    }
  };

  it("accepts a due date between the case's start and ten years ahead", () => {
    expect(fieldsRefused([obligation, { ...obligation, dueBy: "2036-11-01T00:00:00.000Z" }])).toEqual([]);
    // A date typed without a time (midnight UTC) on the day the case was accepted is still that day.
    expect(fieldsRefused([{ ...obligation, dueBy: "2026-11-28T00:00:00.000Z" }])).toEqual([]);
  });

  it("refuses a due date that is not a real date, before the case, or more than ten years ahead, naming the obligation", () => {
    expect(fieldsRefused([obligation, { ...obligation, dueBy: "out of range" }])).toEqual(["obligations[1].due_by"]);
    expect(fieldsRefused([{ ...obligation, dueBy: "2020-01-01T00:00:00.000Z" }])).toEqual(["obligations[0].due_by"]);
    expect(fieldsRefused([{ ...obligation, dueBy: "2036-12-01T00:00:00.000Z" }])).toEqual(["obligations[0].due_by"]);
  });

  it("refuses more than 20 obligations, or an obligor, terms or manner over 500 characters", () => {
    expect(fieldsRefused(Array.from({ length: 21 }, () => obligation))).toEqual(["obligations"]);
    expect(fieldsRefused(Array.from({ length: 20 }, () => obligation))).toEqual([]);
    const long = "长".repeat(501);
    expect(fieldsRefused([obligation, obligation, obligation, { ...obligation, obligor: long, terms: long, manner: long }])).toEqual([
      "obligations[3].obligor",
      "obligations[3].terms",
      "obligations[3].manner",
    ]);
  });
});
