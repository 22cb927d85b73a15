import { FailedPrecondition, InvalidArgument, PermissionDenied } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { acceptOffer, closeCase, offerCase, openCase } from "../src/domain/case.js";
import { chooseMediator, type Mediator, parseRoster, RosterError } from "../src/domain/roster.js";

const now = new Date("2026-11-28T08:00:00Z");
const mediator = (id: string, overrides: Partial<Mediator> = {}): Mediator => ({
  mediatorId: id,
  displayName: id,
  centreCode: "JD01",
  categories: ["FAMILY"],
  capacity: 3,
  status: "AVAILABLE",
  ...overrides,
});

describe("choosing a mediator", () => {
  const needs = { centreCode: "JD01", category: "FAMILY" as const };

  it("takes the one of the dispute's centre with the skill and the fewest open cases", () => {
    const roster = [mediator("A"), mediator("B"), mediator("C", { centreCode: "JD02" }), mediator("D", { categories: ["NEIGHBOUR"] })];
    const open: Record<string, number> = { A: 2, B: 1, C: 0, D: 0 };
    expect(chooseMediator(roster, needs, (id) => open[id] ?? 0)?.mediatorId).toBe("B");
  });

  it("never offers to a mediator who is AWAY, OFF or full", () => {
    const roster = [mediator("AWAY", { status: "AWAY" }), mediator("OFF", { status: "OFF" }), mediator("FULL", { capacity: 1 })];
    expect(chooseMediator(roster, needs, (id) => (id === "FULL" ? 1 : 0))).toBeUndefined();
  });

  it("breaks ties the same way every time", () => {
    expect(chooseMediator([mediator("B"), mediator("A")], needs, () => 0)?.mediatorId).toBe("A");
  });
});

describe("the roster file", () => {
  it("names each problem by position", () => {
    expect(() => parseRoster([{ mediatorId: "A", displayName: "", centreCode: "jd", categories: ["SPORTS"], capacity: 0 }])).toThrow(
      RosterError,
    );
    try {
      parseRoster([{ mediatorId: "A", displayName: "", centreCode: "jd", categories: ["SPORTS"], capacity: 0 }]);
    } catch (error) {
      expect((error as Error).message).toMatch(
        /\[0\]\.displayName.*\n.*\[0\]\.centreCode.*\n.*\[0\]\.categories: unknown category SPORTS.*\n.*\[0\]\.capacity/s,
      );
    }
  });
});

describe("a case's life", () => {
  const fresh = openCase({
    caseId: "c1",
    disputeId: "d1",
    centreCode: "JD01",
    category: "FAMILY",
    channel: "PEOPLES_MEDIATION",
    routedAt: now.toISOString(),
  });
  const offered = offerCase(fresh, "A", "o1", now);
  const accepted = acceptOffer(offered, "A", "o1", now);

  it("goes awaiting → offered → accepted → closed, counting toward the holder's load while open", () => {
    expect([fresh.state, offered.state, accepted.state]).toEqual(["AWAITING_MEDIATOR", "OFFERED", "ACCEPTED"]);
    expect([fresh.open, offered.open, accepted.open]).toEqual([false, true, true]);
    const closed = closeCase(accepted, "A", { outcome: "NO_AGREEMENT", obligations: [], refusedBy: "" }, now);
    expect(closed).toMatchObject({ state: "CLOSED", open: false, outcome: "NO_AGREEMENT" });
  });

  it("lets only the offered mediator accept, and only once", () => {
    expect(() => acceptOffer(offered, "B", "o1", now)).toThrow(PermissionDenied);
    expect(() => acceptOffer(accepted, "A", "o1", now)).toThrow(FailedPrecondition);
  });

  it("needs obligations with who, what and by when for an AGREEMENT (art. 28-29)", () => {
    expect(() => closeCase(accepted, "A", { outcome: "AGREEMENT", obligations: [], refusedBy: "" }, now)).toThrow(InvalidArgument);
    const agreed = closeCase(
      accepted,
      "A",
      {
        outcome: "AGREEMENT",
        obligations: [{ obligor: "respondent", terms: "pay 500 yuan", manner: "transfer", dueBy: "2026-12-31" }],
        refusedBy: "",
      },
      now,
    );
    expect(agreed.obligations).toHaveLength(1);
  });

  it("records which party refused (art. 17, 23), and refuses a close without an outcome", () => {
    expect(() => closeCase(accepted, "A", { outcome: "REFUSED", obligations: [], refusedBy: "" }, now)).toThrow(/refused_by/);
    expect(closeCase(accepted, "A", { outcome: "REFUSED", obligations: [], refusedBy: "claimant" }, now).refusedBy).toBe("claimant");
    expect(() => closeCase(accepted, "A", { outcome: undefined, obligations: [], refusedBy: "" }, now)).toThrow(/outcome/);
  });
});
