import { shiftMonth } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { changesBetween, type Figures, figuresOf, percentileDays, percentWithTwoDecimals } from "../src/domain/figures.js";
import { contentHash, type MonthlyReport } from "../src/domain/monthly-report.js";
import { dayBucket, tally } from "../src/domain/tally.js";

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
    const f = figuresOf({ closed: 10, agreements: 3, noAgreements: 1, refusals: 4, withdrawals: 2 }, 0);
    expect(f.successRatePercent).toBe("75.00");
    expect([f.refusals, f.withdrawals]).toEqual([4, 2]);
  });
});

describe("days to assignment and to close", () => {
  it("takes the median and the 90th percentile by nearest rank from the histogram", () => {
    const counts = { assignDays_0: 3, assignDays_2: 4, assignDays_10: 2, assignDays_30: 1 };
    expect(percentileDays(counts, "assignDays_", 0.5)).toBe(2);
    expect(percentileDays(counts, "assignDays_", 0.9)).toBe(10);
    expect(percentileDays({}, "assignDays_", 0.5)).toBeUndefined();
  });

  it("counts whole days, and 400 or more as 400", () => {
    expect([dayBucket(0.99), dayBucket(1), dayBucket(999)]).toEqual([0, 1, 400]);
  });
});

describe("changes", () => {
  it("gives counts as differences and the success rate in percentage points", () => {
    const before = figuresOf({ received: 10, agreements: 99, noAgreements: 1 }, 2);
    const now = figuresOf({ received: 12, agreements: 93, noAgreements: 7 }, 1);
    const changes = Object.fromEntries(changesBetween(now, before).map((c) => [c.figure, c.change]));
    expect(changes).toMatchObject({ received: "+2", backlog: "-1", successRatePercent: "-6.00 pp" });
  });

  it("compares with a month published before the figures of every channel existed as if they were 0 there", () => {
    const { guidanceGiven: _g, ended: _e, ...published } = figuresOf({ received: 1 }, 0);
    const now = figuresOf({ received: 3, guidanceGiven: 2, agreements: 1 }, 0);
    const changes = Object.fromEntries(changesBetween(now, published as Figures).map((c) => [c.figure, c.change]));
    expect(changes).toMatchObject({ received: "+2", guidanceGiven: "+2", ended: "+3" });
  });
});

describe("tally", () => {
  const at = new Date("2026-11-30T17:00:00Z");
  it("counts a closed case in the district, its centre, category, channel and mediator, and within its centre, by outcome", () => {
    const increments = tally({
      kind: "closed",
      at,
      centreCode: "JD01",
      category: "FAMILY",
      channel: "PEOPLES_MEDIATION",
      mediatorId: "M1",
      outcome: "REFUSED",
      daysToClose: 3.5,
    });
    expect(increments.map((i) => i.scope)).toEqual([
      "district",
      "centre:JD01",
      "category:FAMILY",
      "channel:PEOPLES_MEDIATION",
      "mediator:M1",
      "centre:JD01/category:FAMILY",
      "centre:JD01/channel:PEOPLES_MEDIATION",
      "centre:JD01/mediator:M1",
    ]);
    expect(increments[0]?.deltas).toEqual({ closed: 1, refusals: 1, ended_PEOPLES_MEDIATION_REFUSED: 1, closeDays_3: 1 });
  });

  it("counts only the first routing decision, by channel, and mediation-first among them", () => {
    expect(
      tally({ kind: "routed", at, centreCode: "JD01", category: "OTHER", channel: "TRIAGE", mediationFirst: false, sequence: 1 })[0]
        ?.deltas,
    ).toEqual({ routed_TRIAGE: 1 });
    expect(
      tally({
        kind: "routed",
        at,
        centreCode: "JD01",
        category: "FAMILY",
        channel: "LITIGATION_GUIDANCE",
        mediationFirst: false,
        sequence: 2,
      }),
    ).toEqual([]);
  });
});

describe("months and hashes", () => {
  it("shifts months across years", () => {
    expect([shiftMonth("2026-01", -1), shiftMonth("2026-11", -12), shiftMonth("2026-12", 1)]).toEqual(["2025-12", "2025-11", "2027-01"]);
  });

  it("hashes a report's content, not its key order or its publication fields", () => {
    const report = {
      month: "2026-10",
      centreCode: "",
      figures: figuresOf({ received: 1 }, 0),
      published: false,
      contentHash: "",
      publishedAt: "",
    } as unknown as MonthlyReport;
    const reordered = {
      publishedAt: "x",
      contentHash: "y",
      published: true,
      figures: report.figures,
      centreCode: "",
      month: "2026-10",
    } as unknown as MonthlyReport;
    expect(contentHash(report)).toBe(contentHash(reordered));
    expect(contentHash({ ...report, month: "2026-09" })).not.toBe(contentHash(report));
  });
});
