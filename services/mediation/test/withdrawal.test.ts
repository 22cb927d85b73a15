import { describe, expect, it } from "vitest";
import * as transition from "../src/domain/case.js";
import { parseDuration } from "../src/domain/duration.js";
import { timersFor } from "../src/domain/timers.js";
import { pendingOffer, withdrawCase } from "../src/domain/withdrawal.js";

const now = new Date("2026-11-02T02:00:00Z");
const later = new Date("2026-12-02T02:00:00Z");
const settings = { deadlineReminderBefore: parseDuration("P3D"), confirmationReminderBefore: parseDuration("P5D") };

describe("a case whose dispute is withdrawn", () => {
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
  const mediating = transition.recordSession(accepted, "A", now, "");

  it("closes as WITHDRAWN at every open state, and needs no timer after", () => {
    for (const c of [fresh, transition.escalateCase(fresh, "S"), offered, accepted, mediating]) {
      const closed = withdrawCase(c, later);
      expect(closed, c.state).toMatchObject({
        state: "CLOSED",
        outcome: "WITHDRAWN",
        open: false,
        offerId: "",
        closedAt: later.toISOString(),
      });
      expect(timersFor(closed as transition.Case, settings), c.state).toEqual([]);
    }
    expect(timersFor(accepted, settings).length).toBeGreaterThan(0);
  });

  it("withdraws a pending offer, which the mediator never held", () => {
    expect(pendingOffer(offered)).toEqual({ offerId: "o1", mediatorId: "A" });
    const closed = withdrawCase(offered, later);
    expect(closed?.holderId).toBe("");
    expect(closed?.offers.map((o) => o.result)).toEqual(["WITHDRAWN"]);
    expect(pendingOffer(accepted)).toBeUndefined();
    expect(withdrawCase(accepted, later)?.holderId).toBe("A");
  });

  it("leaves a closed case's outcome as it was", () => {
    const agreed = transition.closeCase(
      accepted,
      "A",
      {
        outcome: "AGREEMENT",
        obligations: [{ obligor: "B", terms: "pays", manner: "", dueBy: "2027-01-01" }],
        refusedBy: "",
        partiesToldOfOtherRoutes: false,
      },
      now,
      later,
    );
    expect(withdrawCase(agreed, later)).toBeUndefined();
  });
});
