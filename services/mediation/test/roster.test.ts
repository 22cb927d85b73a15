// The roster's rules: who is chosen for an offer, the roster file, legal periods. Pure.
import { describe, expect, it } from "vitest";
import { addDuration, parseDuration } from "../src/domain/duration.js";
import { chooseMediator, type Mediator, type MediatorLoad, parseRoster, RosterError } from "../src/domain/roster.js";

const now = new Date("2026-11-28T08:00:00Z");
const _later = new Date("2026-12-28T08:00:00Z");
const mediator = (id: string, overrides: Partial<Mediator> = {}): Mediator => ({
  mediatorId: id,
  displayName: id,
  centreCode: "JD01",
  channels: ["PEOPLES_MEDIATION"],
  categories: ["FAMILY"],
  languages: [],
  maxOpenCases: 3,
  status: "AVAILABLE",
  ...overrides,
});
const idle: MediatorLoad = { open: 0, lastOfferedAt: "" };

describe("choosing a mediator", () => {
  const needs = { centreCode: "JD01", category: "FAMILY" as const, channel: "PEOPLES_MEDIATION" as const, preferredMediatorId: "" };
  const none = new Set<string>();

  it("takes the one of the dispute's centre with the skill and the fewest open cases", () => {
    const roster = [mediator("A"), mediator("B"), mediator("C", { centreCode: "JD02" }), mediator("D", { categories: ["NEIGHBOUR"] })];
    const open: Record<string, number> = { A: 2, B: 1, C: 0, D: 0 };
    expect(chooseMediator(roster, needs, (id) => ({ open: open[id] ?? 0, lastOfferedAt: "" }), none, "DISTRICT")?.mediator.mediatorId).toBe(
      "B",
    );
  });

  it("among equals, takes the one offered longest ago, then never-offered first", () => {
    const last: Record<string, string> = { A: "2026-11-28T07:00:00Z", B: "2026-11-28T06:00:00Z", C: "" };
    const roster = [mediator("A"), mediator("B"), mediator("C")];
    expect(chooseMediator(roster, needs, (id) => ({ open: 0, lastOfferedAt: last[id] ?? "" }), none, "DISTRICT")?.mediator.mediatorId).toBe(
      "C",
    );
    expect(
      chooseMediator(roster.slice(0, 2), needs, (id) => ({ open: 0, lastOfferedAt: last[id] ?? "" }), none, "DISTRICT")?.mediator
        .mediatorId,
    ).toBe("B");
  });

  it("never offers to a mediator who is AWAY, OFF, full, or already asked", () => {
    const roster = [
      mediator("AWAY", { status: "AWAY" }),
      mediator("OFF", { status: "OFF" }),
      mediator("FULL", { maxOpenCases: 1 }),
      mediator("ASKED"),
    ];
    expect(
      chooseMediator(roster, needs, (id) => ({ open: id === "FULL" ? 1 : 0, lastOfferedAt: "" }), new Set(["ASKED"]), "DISTRICT"),
    ).toBeUndefined();
  });

  it("offers the parties' chosen mediator first (art. 17), then the centre, then the district pool", () => {
    const roster = [
      mediator("A"),
      mediator("CHOSEN", { centreCode: "JD02", categories: ["NEIGHBOUR"] }),
      mediator("POOL", { centreCode: "DISTRICT" }),
    ];
    expect(chooseMediator(roster, { ...needs, preferredMediatorId: "CHOSEN" }, () => idle, none, "DISTRICT")).toMatchObject({
      reason: "CHOSEN_BY_PARTIES",
    });
    expect(chooseMediator(roster, needs, () => idle, new Set(["A"]), "DISTRICT")).toMatchObject({
      mediator: { mediatorId: "POOL" },
      reason: "DISTRICT_POOL",
    });
  });
});

describe("the roster file", () => {
  it("names each problem by position", () => {
    const bad = { mediators: [{ mediatorId: "A", displayName: "", centreCode: "jd", categories: ["SPORTS"], maxOpenCases: 0 }] };
    expect(() => parseRoster(bad)).toThrow(RosterError);
    try {
      parseRoster(bad);
    } catch (error) {
      expect((error as Error).message).toMatch(
        /mediators\[0\]\.displayName.*\n.*mediators\[0\]\.centreCode.*\n.*unknown category SPORTS.*\n.*mediators\[0\]\.maxOpenCases/s,
      );
    }
  });
});

describe("legal periods", () => {
  it("count months on the calendar in Asia/Shanghai", () => {
    expect(addDuration(new Date("2026-01-31T04:00:00Z"), parseDuration("P1M")).toISOString()).toBe("2026-02-28T04:00:00.000Z");
    // 23:30 on 31 Jan in Shanghai is still January there: one month later is 28 Feb, 23:30.
    expect(addDuration(new Date("2026-01-31T15:30:00Z"), parseDuration("P1M")).toISOString()).toBe("2026-02-28T15:30:00.000Z");
    expect(addDuration(now, parseDuration("P15D")).toISOString()).toBe("2026-12-13T08:00:00.000Z");
    expect(addDuration(now, parseDuration("PT30M")).toISOString()).toBe("2026-11-28T08:30:00.000Z");
    expect(() => parseDuration("one month")).toThrow(/ISO-8601/);
  });
});
