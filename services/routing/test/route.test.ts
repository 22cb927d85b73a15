// One row per rule and each threshold's edges: the dispute, and the channel and rule it must get.
import type { CategoryCode, ChannelCode } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { decideRoute, type RoutingPolicy } from "../src/domain/route.js";

const policy: RoutingPolicy = { version: "test-1", smallDebtThresholdFen: 5_000_000 };

const rows: Array<[CategoryCode, number, ChannelCode, string, boolean]> = [
  ["FAMILY", 0, "PEOPLES_MEDIATION", "mediation-first.family", true],
  ["FAMILY", 900_000_000, "PEOPLES_MEDIATION", "mediation-first.family", true],
  ["NEIGHBOUR", 0, "PEOPLES_MEDIATION", "mediation-first.neighbour", true],
  ["SMALL_DEBT", 0, "PEOPLES_MEDIATION", "mediation-first.small-debt", true],
  ["SMALL_DEBT", 4_999_999, "PEOPLES_MEDIATION", "mediation-first.small-debt", true],
  ["SMALL_DEBT", 5_000_000, "PEOPLES_MEDIATION", "mediation-first.small-debt", true],
  ["SMALL_DEBT", 5_000_001, "TRIAGE", "triage.default", false],
  ["HOUSING_RENTAL", 100, "TRIAGE", "triage.default", false],
  ["LABOUR_WAGES", 100, "TRIAGE", "triage.default", false],
  ["CONSUMER", 100, "TRIAGE", "triage.default", false],
  ["OTHER", 0, "TRIAGE", "triage.default", false],
];

describe("routing decision", () => {
  it.each(rows)("%s claiming %i fen goes to %s by %s", (category, claimAmountFen, channel, rule, mediationFirst) => {
    const decision = decideRoute({ category, claimAmountFen, centreCode: "JD01", claimantCount: 1 }, policy);
    expect(decision).toMatchObject({ channel, rule, mediationFirst, policyVersion: "test-1" });
    expect(decision.reason).not.toBe("");
  });

  it("explains every condition it checked, and which held", () => {
    const decision = decideRoute({ category: "SMALL_DEBT", claimAmountFen: 5_000_001, centreCode: "JD01", claimantCount: 1 }, policy);
    expect(decision.conditions).toEqual([
      { description: "category is FAMILY", held: false },
      { description: "category is NEIGHBOUR", held: false },
      { description: "category is SMALL_DEBT", held: true },
      { description: "claim 50000.01 yuan is at or under 50000.00 yuan", held: false },
      { description: "no earlier rule matched", held: true },
    ]);
  });
});
