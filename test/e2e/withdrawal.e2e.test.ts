// Withdrawal over real NATS, Redis (BullMQ), gRPC and stores: a centre withdraws its dispute at each
// state, the case closes as WITHDRAWN with no timer left in Redis, the report counts each withdrawal
// once, and only the submitting centre may withdraw, once, before the dispute is closed.
import { fixedToken } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { common, type Event, intake, mediation, shanghaiMonth } from "@mediation/contracts";
import { isServiceError, signToken, status } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, REDIS_URL, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Outcome, WithdrawnBy } = common;
const { DisputeState, TimelineKind } = intake;

describe("withdrawing a dispute", () => {
  let f: CentreFixture;
  let redis: Redis;
  const offers: Array<{ offerId: string; caseId: string; disputeId: string; mediatorId: string }> = [];
  const withdrawnOffers: string[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [
        { mediatorId: "F1", centreCode: "JD01", categories: ["FAMILY"] },
        { mediatorId: "F2", centreCode: "JD01", categories: ["FAMILY"] },
      ],
      supervisors: { JD01: "S-JD01" },
    });
    redis = new Redis(REDIS_URL);
    watchOffers();
  }, 90_000);

  /** Live offer streams of both mediators; opened again after the mediation service restarts. */
  function watchOffers(): void {
    for (const stop of stops.splice(0)) stop();
    for (const m of ["F1", "F2"]) {
      stops.push(
        f.clients.watchAssignments(
          m,
          (o) => offers.push(o),
          undefined,
          (id) => withdrawnOffers.push(id),
        ),
      );
    }
  }

  afterAll(async () => {
    for (const stop of stops) stop();
    redis?.disconnect();
    await f?.stop();
  });

  /** Every trace this case left in the test's BullMQ queue: job keys, and delayed or waiting entries. */
  async function timersOf(caseId: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${f.namespace}:*${caseId}*`, "COUNT", 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== "0");
    for (const list of ["delayed", "prioritized"]) {
      found.push(...(await redis.zrange(`${f.namespace}:case-timers:${list}`, 0, -1)).filter((id) => id.includes(caseId)));
    }
    found.push(...(await redis.lrange(`${f.namespace}:case-timers:wait`, 0, -1)).filter((id) => id.includes(caseId)));
    return found;
  }

  const submit = async (centreCode = "JD01") =>
    (await f.clients.submitDispute(aDispute({ centreCode, category: Category.CATEGORY_FAMILY }))).dispute?.disputeId ?? "";
  const withdraw = (disputeId: string, by = WithdrawnBy.WITHDRAWN_BY_CLAIMANT, reason = "双方已自行和解", centre = "JD01") =>
    f.clients.withdrawDispute(disputeId, by, reason, centre);
  const stateOf = async (disputeId: string) => (await f.clients.getDispute(disputeId)).dispute?.state;
  const reaches = (disputeId: string, state: intake.DisputeState) =>
    waitFor(async () => ((await stateOf(disputeId)) === state ? true : undefined), {
      what: `dispute ${disputeId} to be ${intake.disputeStateToJSON(state)}`,
      timeoutMs: 20_000,
    });
  const offerFor = (disputeId: string) =>
    waitFor(() => offers.find((o) => o.disputeId === disputeId), { what: `an offer for ${disputeId}` });
  const about = (disputeId: string) => (e: Event) => e.correlationId === disputeId;
  const eventsAbout = async (kind: Parameters<CentreFixture["events"]>[0], disputeId: string) =>
    (await f.events(kind)).filter(about(disputeId));

  /** The case closed as WITHDRAWN in the timeline, and nothing of it left in Redis. */
  async function endsWithdrawn(disputeId: string, caseId: string): Promise<void> {
    const closed = await waitFor(
      async () => {
        const { dispute, timeline } = await f.clients.getDispute(disputeId);
        const close = timeline.find((e) => e.kind === TimelineKind.TIMELINE_KIND_CLOSED);
        return close ? { dispute, close } : undefined;
      },
      { what: `the case of ${disputeId} to close`, timeoutMs: 20_000 },
    );
    expect(closed.dispute?.state).toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
    expect(closed.close).toMatchObject({ caseId, outcome: Outcome.OUTCOME_WITHDRAWN });
    expect(await waitFor(async () => ((await timersOf(caseId)).length === 0 ? [] : undefined), { what: "no timer left" })).toEqual([]);
  }

  it("ends in WITHDRAWN at each state, with no timer left and each withdrawal counted once", async () => {
    // Submitted: routing is down, so nothing has happened yet. When it comes back, no case opens.
    await f.centre.kill("routing");
    const submitted = await submit();
    expect(await stateOf(submitted)).toBe(DisputeState.DISPUTE_STATE_SUBMITTED);
    const first = await withdraw(submitted);
    expect(first.dispute?.state).toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
    expect(first.withdrawal).toMatchObject({ kind: TimelineKind.TIMELINE_KIND_WITHDRAWN, withdrawnBy: WithdrawnBy.WITHDRAWN_BY_CLAIMANT });
    await waitFor(
      () =>
        f.logs().some((l) => l.startsWith("mediation:") && l.includes(submitted) && l.includes("dispute withdrawn")) ? true : undefined,
      {
        what: "mediation to take the withdrawal",
      },
    );
    await f.centre.restart("routing");
    await waitFor(async () => ((await eventsAbout("disputeRouted", submitted)).length ? true : undefined), { what: "late routing" });

    // Routed, but mediation is down: the routing decision and the withdrawal wait for it together.
    await f.centre.kill("mediation");
    const routed = await submit();
    await reaches(routed, DisputeState.DISPUTE_STATE_ROUTED);
    await withdraw(routed, WithdrawnBy.WITHDRAWN_BY_CENTRE, "当事人失联");
    await f.centre.restart("mediation");
    watchOffers();

    // Offered: the offer is withdrawn on the mediator's live stream, and cannot be accepted.
    const offered = await submit();
    const offer = await offerFor(offered);
    expect((await timersOf(offer.caseId)).length).toBeGreaterThan(0);
    await withdraw(offered, WithdrawnBy.WITHDRAWN_BY_RESPONDENT_BY_AGREEMENT);
    await endsWithdrawn(offered, offer.caseId);
    await waitFor(() => (withdrawnOffers.includes(offer.offerId) ? true : undefined), { what: "the stream to withdraw the offer" });
    const late = await f.clients.acceptOffer(offer.mediatorId, offer.offerId).catch((e: unknown) => e);
    expect(isServiceError(late) && late.code).toBe(status.FAILED_PRECONDITION);

    // Accepted, then in mediation: the deadline's timers go with the case.
    const accepted = await submit();
    const acceptedOffer = await offerFor(accepted);
    await f.clients.acceptOffer(acceptedOffer.mediatorId, acceptedOffer.offerId);
    await reaches(accepted, DisputeState.DISPUTE_STATE_ACCEPTED);
    expect((await timersOf(acceptedOffer.caseId)).length).toBeGreaterThan(0);
    await withdraw(accepted);
    await endsWithdrawn(accepted, acceptedOffer.caseId);

    const mediating = await submit();
    const mediatingOffer = await offerFor(mediating);
    await f.clients.acceptOffer(mediatingOffer.mediatorId, mediatingOffer.offerId);
    await f.clients.recordSession({ mediatorId: mediatingOffer.mediatorId, caseId: mediatingOffer.caseId, note: "第一次调解" });
    await reaches(mediating, DisputeState.DISPUTE_STATE_IN_MEDIATION);
    await withdraw(mediating);
    await endsWithdrawn(mediating, mediatingOffer.caseId);

    // Mediation handles routing decisions in order: once a later dispute is offered, the earlier
    // withdrawn ones were handled. Withdrawn before routing: no case, no offer.
    await offerFor(await submit());
    expect(await eventsAbout("offerMade", submitted)).toEqual([]);
    expect(await stateOf(submitted)).toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
    // Routed while mediation was down: mediation may read the routing decision before the withdrawal
    // that followed it; then the case it opens closes at once, its offer withdrawn.
    const offersForRouted = (await eventsAbout("offerMade", routed)).length;
    expect((await eventsAbout("offerWithdrawn", routed)).length).toBe(offersForRouted);
    expect(await stateOf(routed)).toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
    for (const m of ["F1", "F2"]) {
      const open = (await f.clients.listMyCases(m)).cases.filter((c) => c.state !== mediation.CaseState.CASE_STATE_CLOSED);
      expect(open.map((c) => c.disputeId)).not.toContain(routed);
    }

    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(shanghaiMonth(new Date()))).report?.figures;
        return r && r.withdrawals >= 5 && r.closed >= 2 && r.received >= 6 ? r : undefined;
      },
      { what: "the report to count the withdrawals", timeoutMs: 30_000 },
    );
    expect(report).toMatchObject({ received: 6, accepted: 2, closed: 2, withdrawals: 5, backlog: 0, agreements: 0 });
  }, 180_000);

  it("answers another centre's withdrawal as NOT_FOUND, and leaves the dispute as it was", async () => {
    const id = await submit();
    const error = await withdraw(id, WithdrawnBy.WITHDRAWN_BY_CENTRE, "not ours", "JD02").catch((e: unknown) => e);
    expect(isServiceError(error) && error.code).toBe(status.NOT_FOUND);
    expect(await stateOf(id)).not.toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
  });

  it("answers a second withdrawal with the first, and publishes one event", async () => {
    const id = await submit();
    const first = await withdraw(id, WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "申请人撤回");
    const second = await withdraw(id, WithdrawnBy.WITHDRAWN_BY_CENTRE, "another reason");
    expect(second.withdrawal).toEqual(first.withdrawal);
    expect(second.dispute?.state).toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
    expect(second.withdrawal?.note).toBe("申请人撤回");
    const published = await waitFor(async () => {
      const found = await eventsAbout("disputeWithdrawn", id);
      return found.length ? found : undefined;
    });
    expect(published).toHaveLength(1);
    // The reason and the parties stay in intake.
    const text = JSON.stringify(published, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain("申请人撤回");
    expect(text).not.toContain("赵一");
  });

  it("refuses to withdraw a closed dispute, and names a missing reason", async () => {
    const id = await submit();
    const offer = await offerFor(id);
    await f.clients.acceptOffer(offer.mediatorId, offer.offerId);
    await f.clients.closeCase({
      mediatorId: offer.mediatorId,
      caseId: offer.caseId,
      outcome: Outcome.OUTCOME_AGREEMENT,
      obligations: [{ obligor: "respondent", terms: "pays 500 yuan", manner: "transfer", dueBy: new Date("2027-01-31") }],
    });
    await reaches(id, DisputeState.DISPUTE_STATE_CLOSED);
    const closed = await withdraw(id).catch((e: unknown) => e);
    expect(isServiceError(closed) && closed.code).toBe(status.FAILED_PRECONDITION);

    const other = await submit();
    const noReason = await withdraw(other, WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "  ").catch((e: unknown) => e);
    expect(isServiceError(noReason) && noReason.code).toBe(status.INVALID_ARGUMENT);
    expect(isServiceError(noReason) && noReason.details).toContain("reason");
    // A mediator's token may not withdraw.
    const token = await signToken(
      { subject: "mediator:F1", role: "mediator", mediatorId: "F1" },
      { secret: f.centre.authSecret, issuer: "mediation-centre", audience: ["intake", "mediation"].map(serviceAudience) },
    );
    const denied = await f.clients
      .as(fixedToken(token))
      .withdrawDispute(other, WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "x", "JD01")
      .catch((e: unknown) => e);
    expect(isServiceError(denied) && denied.code).toBe(status.PERMISSION_DENIED);
    expect(await stateOf(other)).not.toBe(DisputeState.DISPUTE_STATE_WITHDRAWN);
  });
});
