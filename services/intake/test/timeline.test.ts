import { describe, expect, it } from "vitest";
import { addStep, canWithdraw, type Progress, type Step, startProgress, summarise } from "../src/domain/timeline.js";

const start = (): Progress =>
  startProgress(
    { disputeId: "d1", centreCode: "JD01", caseNumber: "JD01-202611-0001", category: "FAMILY", month: "2026-11" },
    "2026-11-02T01:00:00.000Z",
    "e0",
  );
let n = 0;
const step = (kind: Step["kind"], minute: number, fields: Partial<Step> = {}): Step => ({
  kind,
  at: `2026-11-02T01:${String(minute).padStart(2, "0")}:00.000Z`,
  eventId: `e${String(++n).padStart(4, "0")}`,
  ...fields,
});

describe("a dispute's timeline", () => {
  it("moves through routing, offer, acceptance, sessions and closing, and on to onward routing", () => {
    let p = start();
    const states: string[] = [p.state];
    for (const s of [
      step("ROUTED", 1, { channel: "PEOPLES_MEDIATION", rule: "family", reason: "mediation first" }),
      step("OFFERED", 2, { personId: "M1", caseId: "c1" }),
      step("ACCEPTED", 3, { personId: "M1", caseId: "c1", deadlineAt: "2026-12-02T01:03:00.000Z" }),
      step("SESSION_HELD", 4, { personId: "M1", sessionNumber: 1 }),
      step("DEADLINE_EXTENDED", 5, { deadlineAt: "2027-01-02T01:03:00.000Z" }),
      step("CLOSED", 6, { outcome: "REFUSED", caseId: "c1" }),
      step("ROUTED_ONWARD", 7, { channel: "LITIGATION_GUIDANCE", rule: "onward.after-refusal" }),
    ]) {
      p = addStep(p, s);
      states.push(p.state);
    }
    expect(states).toEqual(["SUBMITTED", "ROUTED", "OFFERED", "ACCEPTED", "IN_MEDIATION", "IN_MEDIATION", "CLOSED", "ROUTED"]);
    expect(p.channel).toBe("LITIGATION_GUIDANCE");
    expect(p.outcome).toBe("");
    expect(p.steps.map((s) => s.kind)).toEqual([
      "SUBMITTED",
      "ROUTED",
      "OFFERED",
      "ACCEPTED",
      "SESSION_HELD",
      "DEADLINE_EXTENDED",
      "CLOSED",
      "ROUTED_ONWARD",
    ]);
  });

  it("orders steps by their time whatever order the events arrive in, and adds each event once", () => {
    const routed = step("ROUTED", 1, { channel: "PEOPLES_MEDIATION" });
    const offered = step("OFFERED", 2, { personId: "M1" });
    const declined = step("OFFER_DECLINED", 3, { personId: "M1" });
    const reoffered = step("OFFERED", 3, { personId: "M2" });
    let p = start();
    for (const s of [reoffered, declined, offered, routed, offered]) p = addStep(p, s);
    expect(p.steps.map((s) => `${s.kind}:${s.personId ?? ""}`)).toEqual([
      "SUBMITTED:",
      "ROUTED:",
      "OFFERED:M1",
      "OFFER_DECLINED:M1",
      "OFFERED:M2",
    ]);
    expect(p.state).toBe("OFFERED");
  });

  it("waits for a mediator after an escalation, and keeps the outcome of a closed case", () => {
    let p = addStep(start(), step("ROUTED", 1, { channel: "PEOPLES_MEDIATION" }));
    p = addStep(p, step("ESCALATED", 2, { personId: "S-JD01" }));
    expect(p.state).toBe("AWAITING_MEDIATOR");
    p = addStep(p, step("CLOSED", 3, { outcome: "AGREEMENT" }));
    expect(summarise(p.steps)).toEqual({ state: "CLOSED", channel: "PEOPLES_MEDIATION", outcome: "AGREEMENT" });
    expect(canWithdraw(p)).toBe(false);
  });

  it("ends at a withdrawal: what it causes later is listed but moves nothing", () => {
    let p = addStep(start(), step("OFFERED", 2, { personId: "M1" }));
    expect(canWithdraw(p)).toBe(true);
    p = addStep(p, step("WITHDRAWN", 3, { withdrawnBy: "CLAIMANT" }));
    p = addStep(p, step("OFFER_WITHDRAWN", 4, { personId: "M1" }));
    p = addStep(p, step("CLOSED", 4, { outcome: "WITHDRAWN" }));
    p = addStep(p, step("ROUTED", 5, { channel: "PEOPLES_MEDIATION" }));
    expect(p.state).toBe("WITHDRAWN");
    expect(p.channel).toBe("");
    expect(p.steps.at(-1)?.kind).toBe("ROUTED");
    expect(canWithdraw(p)).toBe(false);
  });

  it("counts a routing decided before the withdrawal, even when it is learnt after", () => {
    let p = addStep(start(), step("WITHDRAWN", 5, { withdrawnBy: "CENTRE" }));
    p = addStep(p, step("ROUTED", 1, { channel: "LAWYER_MEDIATION" }));
    expect(p).toMatchObject({ state: "WITHDRAWN", channel: "LAWYER_MEDIATION" });
  });
});
