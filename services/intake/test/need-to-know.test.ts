// docs/domain-rules.md#privacy: the masking functions and who sees what of a dispute's parties.
import { describe, expect, it } from "vitest";
import { caseHolder, disputeView, maskIdNumber, maskMiddle, maskPhone, mediatorMaySee } from "../src/domain/need-to-know.js";
import { addStep, type Progress, startProgress } from "../src/domain/timeline.js";

describe("masking", () => {
  it("keeps a resident ID number's first four and last four", () => {
    expect(maskIdNumber("330106199001011234")).toBe("3301**********1234");
    expect(maskIdNumber("11010519491231002X")).toBe("1101**********002X");
  });
  it("keeps a mobile number's first three and last four", () => {
    expect(maskPhone("13856785678")).toBe("138****5678");
  });
  it("stars a value too short to show any part, and leaves an empty one empty", () => {
    expect(maskIdNumber("12345678")).toBe("********");
    expect(maskPhone("1234567")).toBe("*******");
    expect(maskPhone("")).toBe("");
  });
  it("counts characters, not bytes", () => {
    expect(maskMiddle("甲乙丙丁戊", 1, 1)).toBe("甲***戊");
  });
});

describe("who sees a dispute's parties", () => {
  const viewer = (role: string, centreCode = "", mediatorId = "") => ({ role, centreCode, mediatorId });
  it("shows the submitting centre everything and another centre nothing", () => {
    expect(disputeView(viewer("centre", "JD01"), "JD01", "")).toBe("full");
    expect(disputeView(viewer("centre", "JD02"), "JD01", "")).toBeUndefined();
  });
  it("masks for a supervisor unless a reason is stated; another centre's supervisor sees nothing", () => {
    expect(disputeView(viewer("supervisor", "JD01"), "JD01", "")).toBe("masked");
    expect(disputeView(viewer("supervisor", "JD01"), "JD01", "  ")).toBe("masked");
    expect(disputeView(viewer("supervisor", "JD01"), "JD01", "回访当事人")).toBe("full");
    expect(disputeView(viewer("supervisor", "JD02"), "JD01", "回访当事人")).toBeUndefined();
  });
  it("never shows an analyst or a mediator a person through GetDispute", () => {
    expect(disputeView(viewer("analyst"), "JD01", "reason")).toBeUndefined();
    expect(disputeView(viewer("mediator", "", "M1"), "JD01", "")).toBeUndefined();
  });

  it("lets the mediator holding the accepted case see it, until it closes; after a reassignment, the new one", () => {
    let p: Progress = startProgress(
      { disputeId: "d1", centreCode: "JD01", caseNumber: "JD01-202611-0001", category: "FAMILY", month: "2026-11" },
      "2026-11-02T01:00:00.000Z",
      "e0",
    );
    p = addStep(p, { kind: "OFFERED", at: "2026-11-02T01:01:00.000Z", eventId: "e1", personId: "M1", caseId: "c1" });
    expect(mediatorMaySee(p, "M1")).toBe(false);
    p = addStep(p, { kind: "ACCEPTED", at: "2026-11-02T01:02:00.000Z", eventId: "e2", personId: "M1", caseId: "c1" });
    expect(mediatorMaySee(p, "M1")).toBe(true);
    expect(mediatorMaySee(p, "M2")).toBe(false);
    p = addStep(p, { kind: "REASSIGNED", at: "2026-11-02T01:03:00.000Z", eventId: "e3", personId: "M2", caseId: "c1" });
    expect(caseHolder(p)).toEqual({ mediatorId: "M2", caseId: "c1" });
    expect([mediatorMaySee(p, "M1"), mediatorMaySee(p, "M2")]).toEqual([false, true]);
    p = addStep(p, { kind: "CLOSED", at: "2026-11-02T01:04:00.000Z", eventId: "e4", outcome: "AGREEMENT", caseId: "c1" });
    expect(mediatorMaySee(p, "M2")).toBe(false);
  });
});
