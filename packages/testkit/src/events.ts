import { common, type Event, events, newEvent } from "@mediation/contracts";

/** A `dispute.submitted` event for tests and benchmarks; override what the test is about. */
export function aDisputeSubmittedEvent(disputeId: string, overrides: Partial<events.DisputeSubmitted> = {}): Event {
  return newEvent(
    {
      $case: "disputeSubmitted",
      value: events.DisputeSubmitted.fromPartial({
        disputeId,
        caseNumber: "JD01-202611-0001",
        centreCode: "JD01",
        category: common.Category.CATEGORY_FAMILY,
        claimantCount: 1,
        submittedAt: new Date(),
        ...overrides,
      }),
    },
    { correlationId: disputeId, causationId: "test" },
  );
}
