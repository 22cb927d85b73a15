// Properties that hold for every valid dispute (fast-check): exactly one channel; no
// mediation-first dispute reaches LITIGATION_GUIDANCE without a recorded refusal or no-agreement.
import { CATEGORIES, CHANNELS, OUTCOMES } from "@mediation/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideOnward } from "../src/domain/onward.js";
import { MEDIATION_CHANNELS } from "../src/domain/policy.js";
import { type DisputeFacts, decideRoute } from "../src/domain/route.js";
import { shipped } from "./shipped-policy.js";

const disputes: fc.Arbitrary<DisputeFacts> = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  claimAmountFen: fc.oneof(
    fc.integer({ min: 0, max: 20_000_000 }),
    fc.constantFrom(5_000_000, 5_000_001, 10_000_000, 10_000_001),
    fc.maxSafeNat(),
  ),
  centreCode: fc.constantFrom("JD01", "JD02", "JD03"),
  claimantCount: fc.integer({ min: 1, max: 500 }),
  preferredChannel: fc.constantFrom("" as const, ...CHANNELS),
  mustReport: fc.boolean(),
  disputesAgainstRespondent: fc.integer({ min: 0, max: 20 }),
});

const mediationFirstByLaw = (f: DisputeFacts) =>
  f.category === "FAMILY" || f.category === "NEIGHBOUR" || (f.category === "SMALL_DEBT" && f.claimAmountFen <= 5_000_000);

describe("routing properties", () => {
  it("gives every valid dispute exactly one known channel", () => {
    fc.assert(
      fc.property(disputes, (f) => {
        const decision = decideRoute(f, shipped);
        expect(CHANNELS).toContain(decision.channel);
        expect(decideRoute(f, shipped)).toEqual(decision);
      }),
      { numRuns: 2000 },
    );
  });

  it("never sends a mediation-first dispute to LITIGATION_GUIDANCE without a refusal or no-agreement", () => {
    fc.assert(
      fc.property(disputes, fc.constantFrom(...OUTCOMES), (f, outcome) => {
        const first = decideRoute(f, shipped);
        if (mediationFirstByLaw(f)) expect(first.channel).not.toBe("LITIGATION_GUIDANCE");
        const onward = decideOnward(f.category, first.channel, outcome, shipped);
        if (onward?.channel === "LITIGATION_GUIDANCE") {
          expect(["REFUSED", "NO_AGREEMENT"]).toContain(outcome);
          expect(MEDIATION_CHANNELS.has(first.channel)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
