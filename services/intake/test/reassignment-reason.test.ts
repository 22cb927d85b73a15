// docs/architecture.md#events: a supervisor's reason for reassigning a case is personal free text. It no longer
// travels in case.reassigned; a reason intake stored before that is not shown in the timeline either.
import { events, newEvent } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { entryToProto } from "../src/adapters/grpc/timeline-proto.js";
import { stepOf } from "../src/adapters/nats/steps.js";

describe("a reassignment in intake's timeline", () => {
  it("says who holds the case now, never why", () => {
    const event = newEvent(
      {
        $case: "caseReassigned",
        value: events.CaseReassigned.fromPartial({ disputeId: "d-1", caseId: "c-1", toMediatorId: "M2", reassignedAt: new Date() }),
      },
      { correlationId: "d-1", causationId: "t" },
    );
    const step = stepOf(event)?.step;
    expect(step).toMatchObject({ kind: "REASSIGNED", personId: "M2", caseId: "c-1" });
    expect(step).not.toHaveProperty("reason");
    const stored = { kind: "REASSIGNED" as const, at: "2026-11-02T01:00:00.000Z", eventId: "e1", personId: "M2", reason: "M1与周某是邻居" };
    expect(entryToProto(stored).reason).toBe("");
  });
});
