// The walking skeleton, end to end: four services as separate processes over real NATS JetStream
// and gRPC, each with its own store.
import { common, mediation, shanghaiMonth } from "@mediation/contracts";
import { isServiceError, status } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel, Outcome } = common;

const ROSTER = {
  mediators: [
    {
      mediatorId: "JD01-FAMILY",
      displayName: "Family mediator",
      centreCode: "JD01",
      categories: ["FAMILY", "NEIGHBOUR"],
      maxOpenCases: 5,
      status: "AVAILABLE",
    },
    {
      mediatorId: "JD01-HOUSING",
      displayName: "Housing only",
      centreCode: "JD01",
      categories: ["HOUSING_RENTAL"],
      maxOpenCases: 5,
      status: "AVAILABLE",
    },
    { mediatorId: "JD01-AWAY", displayName: "Away today", centreCode: "JD01", categories: ["FAMILY"], maxOpenCases: 5, status: "AWAY" },
    {
      mediatorId: "JD02-FAMILY",
      displayName: "Other centre",
      centreCode: "JD02",
      categories: ["FAMILY", "SMALL_DEBT"],
      maxOpenCases: 5,
      status: "AVAILABLE",
    },
  ],
};
const THRESHOLD_FEN = 5_000_000n; // 50,000 yuan, the shipped routing policy's small-debt threshold

describe("the centre, end to end", () => {
  let f: CentreFixture;

  beforeAll(async () => {
    f = await startTestCentre(ROSTER);
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("routes a FAMILY dispute to people's mediation, offers it to the right mediator, and reports the agreement", async () => {
    const offers: mediation.Offer[] = [];
    const stopWatching = f.clients.watchAssignments("JD01-FAMILY", (offer) => offers.push(offer));
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category: Category.CATEGORY_FAMILY }));
    expect(dispute?.caseNumber).toMatch(/^JD01-\d{6}-0001$/);

    const offer = await waitFor(() => offers.find((o) => o.disputeId === dispute?.disputeId), { what: "the offer to JD01-FAMILY" });
    stopWatching();
    expect(offer.mediatorId).toBe("JD01-FAMILY");
    expect(offer.channel).toBe(Channel.CHANNEL_PEOPLES_MEDIATION);
    const [routed] = (await f.events("disputeRouted")).filter((e) => e.correlationId === dispute?.disputeId);
    expect(routed?.payload).toMatchObject({ $case: "disputeRouted", value: { rule: "mediation-first.family", mediationFirst: true } });

    const accepted = await f.clients.acceptOffer("JD01-FAMILY", offer.offerId);
    expect(accepted.case?.state).toBe(mediation.CaseState.CASE_STATE_ACCEPTED);
    const closed = await f.clients.closeCase({
      mediatorId: "JD01-FAMILY",
      caseId: offer.caseId,
      outcome: Outcome.OUTCOME_AGREEMENT,
      obligations: [
        { obligor: "respondent", terms: "visits mother every Sunday", manner: "in person", dueBy: new Date("2026-12-31T00:00:00Z") },
      ],
    });
    expect(closed.case?.state).toBe(mediation.CaseState.CASE_STATE_CLOSED);

    const month = shanghaiMonth(new Date());
    const report = await waitFor(
      async () => {
        const { report } = await f.clients.monthlyReport(month, "JD01");
        return report?.figures && report.figures.agreements === 1 ? report : undefined;
      },
      { what: "the agreement in JD01's monthly report" },
    );
    expect(report).toMatchObject({ month, centreCode: "JD01", published: false });
    expect(report.figures).toMatchObject({
      received: 1,
      accepted: 1,
      closed: 1,
      agreements: 1,
      noAgreements: 0,
      successRatePercent: "100.00",
    });
    expect(report.definitions.map((d) => d.term)).toContain("success_rate");

    // One trace per dispute (docs/architecture.md#tracing): from SubmitDispute through routing to the offer.
    const traces = await f.traceIds(dispute?.disputeId ?? "");
    expect(Object.keys(traces).sort()).toEqual(["case.closed", "dispute.routed", "dispute.submitted", "offer.accepted", "offer.made"]);
    expect(traces["dispute.submitted"]).toMatch(/^[0-9a-f]{32}$/);
    expect(traces["dispute.routed"]).toBe(traces["dispute.submitted"]);
    expect(traces["offer.made"]).toBe(traces["dispute.submitted"]);
  });

  it("does not send a SMALL_DEBT claim above the threshold mediation-first, and does at the threshold", async () => {
    const over = await f.clients.submitDispute(
      aDispute({ centreCode: "JD02", category: Category.CATEGORY_SMALL_DEBT, claimAmountFen: THRESHOLD_FEN + 1n }),
    );
    const at = await f.clients.submitDispute(
      aDispute({ centreCode: "JD02", category: Category.CATEGORY_SMALL_DEBT, claimAmountFen: THRESHOLD_FEN }),
    );
    const routedOf = (id: string | undefined) =>
      waitFor(async () => (await f.events("disputeRouted")).find((e) => e.correlationId === id), { what: `dispute.routed for ${id}` });
    const overRouted = await routedOf(over.dispute?.disputeId);
    const atRouted = await routedOf(at.dispute?.disputeId);
    expect(overRouted.payload).toMatchObject({
      value: { channel: Channel.CHANNEL_LAWYER_MEDIATION, mediationFirst: false, rule: "small-debt.over-threshold" },
    });
    expect(atRouted.payload).toMatchObject({
      value: { channel: Channel.CHANNEL_PEOPLES_MEDIATION, mediationFirst: true, rule: "mediation-first.small-debt" },
    });
    const offered = await waitFor(async () => {
      const made = await f.events("offerMade");
      return made.some((e) => e.correlationId === at.dispute?.disputeId) ? made : undefined;
    });
    expect(offered.some((e) => e.correlationId === over.dispute?.disputeId)).toBe(false);
  });

  it("makes one dispute from the same request id sent twice", async () => {
    const request = aDispute({ centreCode: "JD03" });
    const first = await f.clients.submitDispute(request);
    const second = await f.clients.submitDispute(request);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.dispute?.disputeId).toBe(first.dispute?.disputeId);
    const listed = await f.clients.listDisputes({ centreCode: "JD03" });
    expect(listed.disputes).toHaveLength(1);
    const submitted = await waitFor(async () => {
      const events = (await f.events("disputeSubmitted")).filter((e) => e.correlationId === first.dispute?.disputeId);
      return events.length ? events : undefined;
    });
    expect(submitted).toHaveLength(1);
  });

  it("refuses a malformed request with INVALID_ARGUMENT naming the fields, and stores nothing", async () => {
    const error = await f.clients
      .submitDispute(
        aDispute({ centreCode: "JD09", category: Category.CATEGORY_UNSPECIFIED, claimAmountFen: -5n, summary: " ", parties: [] }),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isServiceError(error)).toBe(true);
    if (!isServiceError(error)) return;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    for (const field of ["category", "claim_amount_fen", "summary", "parties"]) expect(error.details).toContain(field);
    expect((await f.clients.listDisputes({ centreCode: "JD09" })).disputes).toHaveLength(0);
    const submitted = await f.events("disputeSubmitted");
    expect(submitted.some((e) => e.payload?.$case === "disputeSubmitted" && e.payload.value.centreCode === "JD09")).toBe(false);
  });
});
