// A case's life as a state machine, and the timers each state needs. Pure.
import { FailedPrecondition, InvalidArgument, PermissionDenied } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import * as transition from "../src/domain/case.js";
import { parseDuration } from "../src/domain/duration.js";
import type { Mediator, MediatorLoad } from "../src/domain/roster.js";
import { timersFor } from "../src/domain/timers.js";

const now = new Date("2026-11-28T08:00:00Z");
const later = new Date("2026-12-28T08:00:00Z");
const _mediator = (id: string, overrides: Partial<Mediator> = {}): Mediator => ({
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
const _idle: MediatorLoad = { open: 0, lastOfferedAt: "" };

describe("a case's life", () => {
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
  const offered = transition.offerCase(fresh, "A", "o1", now, new Date(now.getTime() + 60_000));
  const accepted = transition.acceptOffer(offered, "A", "o1", now, later);

  it("goes awaiting → offered → accepted → in mediation → closed, counting toward the holder's load while open", () => {
    const inMediation = transition.recordSession(accepted, "A", now, "first meeting at the centre");
    expect([fresh.state, offered.state, accepted.state, inMediation.state]).toEqual([
      "AWAITING_MEDIATOR",
      "OFFERED",
      "ACCEPTED",
      "IN_MEDIATION",
    ]);
    expect([fresh.open, offered.open, accepted.open]).toEqual([false, true, true]);
    const closed = transition.closeCase(
      inMediation,
      "A",
      { outcome: "NO_AGREEMENT", obligations: [], refusedBy: "", partiesToldOfOtherRoutes: true },
      now,
      later,
    );
    expect(closed).toMatchObject({ state: "CLOSED", open: false, outcome: "NO_AGREEMENT" });
  });

  it("lets only the offered mediator accept, and only once", () => {
    expect(() => transition.acceptOffer(offered, "B", "o1", now, later)).toThrow(PermissionDenied);
    expect(() => transition.acceptOffer(accepted, "A", "o1", now, later)).toThrow(FailedPrecondition);
  });

  it("goes back to awaiting a mediator on a decline with a reason, or an expiry; a stale expiry changes nothing", () => {
    expect(() => transition.declineOffer(offered, "A", "o1", " ")).toThrow(InvalidArgument);
    expect(transition.declineOffer(offered, "A", "o1", "conflict of interest")).toMatchObject({
      state: "AWAITING_MEDIATOR",
      open: false,
      holderId: "",
    });
    expect(transition.expireOffer(offered, "o1")?.offers[0]?.result).toBe("EXPIRED");
    expect(transition.expireOffer(accepted, "o1")).toBeUndefined();
    expect(transition.failedOffers(transition.expireOffer(offered, "o1") as transition.Case)).toBe(1);
  });

  it("extends the deadline once, and only with both parties' consent", () => {
    expect(() => transition.extendDeadline(accepted, "A", false, later)).toThrow(/consent/);
    const extended = transition.extendDeadline(accepted, "A", true, new Date("2027-01-28T08:00:00Z"));
    expect(extended.deadlineAt).toBe("2027-01-28T08:00:00.000Z");
    expect(() => transition.extendDeadline(extended, "A", true, later)).toThrow(/already extended once/);
  });

  it("marks an open case overdue at its deadline, once", () => {
    const overdue = transition.markOverdue(accepted, later.toISOString());
    expect(overdue?.overdue).toBe(true);
    expect(transition.markOverdue(overdue as transition.Case, later.toISOString())).toBeUndefined();
    expect(transition.markOverdue(accepted, "2026-12-01T00:00:00.000Z")).toBeUndefined();
  });

  it("needs obligations with who, what and by when for an AGREEMENT (art. 28-29), and opens the confirmation window", () => {
    expect(() =>
      transition.closeCase(
        accepted,
        "A",
        { outcome: "AGREEMENT", obligations: [], refusedBy: "", partiesToldOfOtherRoutes: false },
        now,
        later,
      ),
    ).toThrow(InvalidArgument);
    const agreed = transition.closeCase(
      accepted,
      "A",
      {
        outcome: "AGREEMENT",
        obligations: [{ obligor: "respondent", terms: "pay 500 yuan", manner: "transfer", dueBy: "2026-12-31" }],
        refusedBy: "",
        partiesToldOfOtherRoutes: false,
      },
      now,
      later,
    );
    expect(agreed.confirmationWindowEndsAt).toBe(later.toISOString());
  });

  it("closes without agreement only once the parties were told of the other routes (art. 26)", () => {
    expect(() =>
      transition.closeCase(
        accepted,
        "A",
        { outcome: "NO_AGREEMENT", obligations: [], refusedBy: "", partiesToldOfOtherRoutes: false },
        now,
        later,
      ),
    ).toThrow(/parties_told_of_other_routes/);
    expect(
      transition.closeCase(
        accepted,
        "A",
        { outcome: "NO_AGREEMENT", obligations: [], refusedBy: "", partiesToldOfOtherRoutes: true },
        now,
        later,
      ).partiesToldOfOtherRoutes,
    ).toBe(true);
  });

  it("records which party refused (art. 17, 23), and refuses a close without an outcome", () => {
    expect(() =>
      transition.closeCase(
        accepted,
        "A",
        { outcome: "REFUSED", obligations: [], refusedBy: "", partiesToldOfOtherRoutes: false },
        now,
        later,
      ),
    ).toThrow(/refused_by/);
    expect(
      transition.closeCase(
        accepted,
        "A",
        { outcome: "REFUSED", obligations: [], refusedBy: "claimant", partiesToldOfOtherRoutes: false },
        now,
        later,
      ).refusedBy,
    ).toBe("claimant");
    expect(() =>
      transition.closeCase(
        accepted,
        "A",
        { outcome: undefined, obligations: [], refusedBy: "", partiesToldOfOtherRoutes: false },
        now,
        later,
      ),
    ).toThrow(/outcome/);
    // Guidance ends a terminal channel at intake; a mediator never closes a case with it.
    expect(() =>
      transition.closeCase(
        accepted,
        "A",
        { outcome: "GUIDANCE_GIVEN", obligations: [], refusedBy: "", partiesToldOfOtherRoutes: false },
        now,
        later,
      ),
    ).toThrow(/GUIDANCE_GIVEN is recorded by the centre/);
  });

  it("needs exactly the timers its state calls for", () => {
    const settings = { deadlineReminderBefore: parseDuration("P3D"), confirmationReminderBefore: parseDuration("P5D") };
    expect(timersFor(offered, settings).map((t) => t.kind)).toEqual(["offer-expiry"]);
    expect(timersFor(accepted, settings)).toEqual([
      { kind: "deadline-reminder", caseId: "c1", key: later.toISOString(), dueAt: "2026-12-25T08:00:00.000Z" },
      { kind: "deadline-overdue", caseId: "c1", key: later.toISOString(), dueAt: later.toISOString() },
    ]);
    const agreed = transition.closeCase(
      accepted,
      "A",
      {
        outcome: "AGREEMENT",
        obligations: [{ obligor: "r", terms: "t", manner: "", dueBy: "2026-12-31" }],
        refusedBy: "",
        partiesToldOfOtherRoutes: false,
      },
      now,
      later,
    );
    expect(timersFor(agreed, settings).map((t) => [t.kind, t.dueAt])).toEqual([["confirmation-reminder", "2026-12-23T08:00:00.000Z"]]);
  });
});
