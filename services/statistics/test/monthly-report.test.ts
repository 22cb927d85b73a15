import { describe, expect, it } from "vitest";
import { monthlyReport, percentWithTwoDecimals, ZERO_COUNTS } from "../src/domain/monthly-report.js";
import { tally } from "../src/domain/tally.js";

describe("success rate", () => {
  it.each([
    [1, 1, "100.00"],
    [2, 3, "66.67"],
    [1, 3, "33.33"],
    [1, 8, "12.50"],
    [1, 200, "0.50"],
    [1, 400, "0.25"],
    [9148, 9151, "99.97"],
    [0, 4, "0.00"],
    [0, 0, ""],
  ])("%i of %i is %s %%", (agreements, basis, expected) => {
    expect(percentWithTwoDecimals(agreements, basis)).toBe(expected);
  });

  it("counts agreements against agreements plus no-agreements only; refusals and withdrawals stand beside it", () => {
    const report = monthlyReport("2026-11", "", {
      ...ZERO_COUNTS,
      closed: 10,
      agreements: 3,
      noAgreements: 1,
      refusals: 4,
      withdrawals: 2,
    });
    expect(report.successRatePercent).toBe("75.00");
    expect(report.definitions.find((d) => d.term === "success_rate")?.meaning).toMatch(/agreements ÷ \(agreements \+ no-agreements\)/);
  });
});

describe("tally", () => {
  const at = new Date("2026-11-30T17:00:00Z");
  it("counts a closed case in the district, its centre, category, channel and mediator, by outcome", () => {
    const increments = tally({
      kind: "closed",
      at,
      centreCode: "JD01",
      category: "FAMILY",
      channel: "PEOPLES_MEDIATION",
      mediatorId: "M1",
      outcome: "REFUSED",
    });
    expect(increments.map((i) => i.scope)).toEqual([
      "district",
      "centre:JD01",
      "category:FAMILY",
      "channel:PEOPLES_MEDIATION",
      "mediator:M1",
    ]);
    expect(increments[0]?.deltas).toEqual({ closed: 1, refusals: 1 });
  });

  it("counts routing only when it is mediation-first", () => {
    expect(tally({ kind: "routed", at, centreCode: "JD01", category: "OTHER", channel: "TRIAGE", mediationFirst: false })).toEqual([]);
  });
});
