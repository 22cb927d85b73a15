import { categoryCodec, channelCodec, events, newEvent, outcomeCodec, withdrawnByCodec } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { factOf } from "../src/adapters/nats/subscriptions.js";
import { deltasOf, type Fact } from "../src/domain/tally.js";

const at = new Date("2026-11-10T02:00:00Z");
const ids = { correlationId: "d1", causationId: "x" };
const closed = (disputeWithdrawn: boolean, accepted: boolean) =>
  newEvent(
    {
      $case: "caseClosed",
      value: events.CaseClosed.fromPartial({
        caseId: "c1",
        disputeId: "d1",
        centreCode: "JD01",
        category: categoryCodec.fromCode("FAMILY"),
        channel: channelCodec.fromCode("PEOPLES_MEDIATION"),
        mediatorId: accepted ? "M1" : "",
        outcome: outcomeCodec.fromCode("WITHDRAWN"),
        acceptedAt: accepted ? at : undefined,
        closedAt: at,
        submittedAt: at,
        disputeWithdrawn,
      }),
    },
    ids,
    at,
  );
const deltas = (fact: Fact | undefined) => (fact ? deltasOf(fact) : {});

describe("withdrawals in the report", () => {
  it("counts a centre's withdrawal once, from dispute.withdrawn, at any stage", () => {
    const withdrawn = newEvent(
      {
        $case: "disputeWithdrawn",
        value: {
          disputeId: "d1",
          centreCode: "JD01",
          category: categoryCodec.fromCode("FAMILY"),
          withdrawnBy: withdrawnByCodec.fromCode("CLAIMANT"),
          withdrawnAt: at,
          submittedAt: at,
        },
      },
      ids,
      at,
    );
    expect(deltas(factOf(withdrawn))).toEqual({ withdrawals: 1 });
    // The accepted case it closed leaves the backlog, without a second withdrawal.
    expect(deltas(factOf(closed(true, true)))).toEqual({ closed: 1, closeDays_0: 1 });
    // A case nobody accepted was never in the backlog: its close counts nothing.
    expect(factOf(closed(true, false))).toBeUndefined();
  });

  it("still counts a case the mediator closed as WITHDRAWN", () => {
    expect(deltas(factOf(closed(false, true)))).toEqual({
      closed: 1,
      withdrawals: 1,
      ended_PEOPLES_MEDIATION_WITHDRAWN: 1,
      closeDays_0: 1,
    });
  });
});
