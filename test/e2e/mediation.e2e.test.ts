// Mediation over real NATS, Redis (BullMQ) and gRPC: offers that expire or are declined move on,
// nobody is left unseen, fairness, one winner per case, live streams, and legal deadlines whose
// timers survive a Redis flush and a restart.
import { CentreClients, developmentSigner } from "@mediation/cli";
import { common, type Event, events, type mediation } from "@mediation/contracts";
import { isServiceError, status } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, flushQueues, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category } = common;

const about = (disputeId: string | undefined) => (e: Event) => e.correlationId === disputeId;
const payloadOf = <K extends NonNullable<Event["payload"]>["$case"]>(e: Event | undefined, kind: K) =>
  e?.payload?.$case === kind ? (e.payload.value as Extract<NonNullable<Event["payload"]>, { $case: K }>["value"]) : undefined;

async function submitFamily(f: CentreFixture, centreCode: string): Promise<string> {
  const { dispute } = await f.clients.submitDispute(aDispute({ centreCode, category: Category.CATEGORY_FAMILY }));
  return dispute?.disputeId ?? "";
}

async function eventsAbout(
  f: CentreFixture,
  kind: Parameters<CentreFixture["events"]>[0],
  disputeId: string,
  count: number,
): Promise<Event[]> {
  return waitFor(
    async () => {
      const found = (await f.events(kind)).filter(about(disputeId));
      return found.length >= count ? found : undefined;
    },
    { what: `${count} ${kind} event(s) for ${disputeId}`, timeoutMs: 20_000 },
  );
}

describe("mediation with short legal periods", () => {
  let f: CentreFixture;

  beforeAll(async () => {
    f = await startTestCentre(
      {
        mediators: [
          { mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] },
          { mediatorId: "B", centreCode: "JD01", categories: ["FAMILY"] },
          { mediatorId: "FULL", centreCode: "JD02", categories: ["FAMILY"], maxOpenCases: 1 },
          { mediatorId: "AWAY", centreCode: "JD02", categories: ["FAMILY"], status: "AWAY" },
        ],
        supervisors: { JD01: "S-JD01", JD02: "S-JD02" },
      },
      { OFFER_TIMEOUT: "PT2S", MAX_OFFERS: "2", CHANNEL_PERIODS: "PEOPLES_MEDIATION=PT3S", DEADLINE_REMINDER_BEFORE: "PT1S" },
    );
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("moves an expired offer to the next mediator, and after the last one to the centre's supervisor", async () => {
    const id = await submitFamily(f, "JD01");
    const made = await eventsAbout(f, "offerMade", id, 2);
    const expired = await eventsAbout(f, "offerExpired", id, 2);
    const [escalated] = await eventsAbout(f, "caseEscalated", id, 1);
    const offeredTo = made.map((e) => payloadOf(e, "offerMade")?.mediatorId);
    expect(new Set(offeredTo)).toEqual(new Set(["A", "B"]));
    expect(made.map((e) => payloadOf(e, "offerMade")?.attempt)).toEqual([1, 2]);
    expect(expired.map((e) => payloadOf(e, "offerExpired")?.mediatorId)).toEqual(offeredTo);
    expect(payloadOf(escalated, "caseEscalated")).toMatchObject({
      supervisorId: "S-JD01",
      reason: events.EscalationReason.ESCALATION_REASON_OFFERS_EXHAUSTED,
      failedOffers: 2,
    });
  });

  it("moves a declined offer to the next mediator, keeping the reason", async () => {
    const offers: mediation.Offer[] = [];
    const stops = ["A", "B"].map((m) => f.clients.watchAssignments(m, (o) => offers.push(o)));
    const id = await submitFamily(f, "JD01");
    const first = await waitFor(() => offers.find((o) => o.disputeId === id));
    await f.clients.declineOffer(first.mediatorId, first.offerId, "I know the respondent");
    const second = await waitFor(() => offers.find((o) => o.disputeId === id && o.offerId !== first.offerId));
    for (const stop of stops) stop();
    expect(second.mediatorId).not.toBe(first.mediatorId);
    const [declined] = await eventsAbout(f, "offerDeclined", id, 1);
    expect(payloadOf(declined, "offerDeclined")).toMatchObject({ offerId: first.offerId, mediatorId: first.mediatorId });
    const refused = await f.clients.declineOffer(first.mediatorId, first.offerId, "again").catch((e: unknown) => e);
    expect(isServiceError(refused) && refused.code).toBe(status.FAILED_PRECONDITION);
  });

  it("never offers to an AWAY or full mediator, and escalates to the supervisor when nobody can take the case", async () => {
    const offers: mediation.Offer[] = [];
    const stop = f.clients.watchAssignments("FULL", (o) => offers.push(o));
    const first = await submitFamily(f, "JD02");
    const offer = await waitFor(() => offers.find((o) => o.disputeId === first));
    stop();
    // FULL takes it and is then at its maximum of one open case.
    await f.clients.acceptOffer("FULL", offer.offerId);
    const second = await submitFamily(f, "JD02");
    const [escalated] = await eventsAbout(f, "caseEscalated", second, 1);
    expect(payloadOf(escalated, "caseEscalated")).toMatchObject({
      supervisorId: "S-JD02",
      reason: events.EscalationReason.ESCALATION_REASON_NO_CANDIDATE,
    });
    const everyOffer = (await f.events("offerMade")).map((e) => payloadOf(e, "offerMade")?.mediatorId);
    expect(everyOffer).not.toContain("AWAY");
    expect(everyOffer.filter((m) => m === "FULL")).toHaveLength(1);
  });

  it("publishes a reminder before the deadline and an overdue event at it, and the case shows it", async () => {
    const offers: mediation.Offer[] = [];
    const stops = ["A", "B"].map((m) => f.clients.watchAssignments(m, (o) => offers.push(o)));
    const id = await submitFamily(f, "JD01");
    const offer = await waitFor(() => offers.find((o) => o.disputeId === id));
    for (const stop of stops) stop();
    const accepted = await f.clients.acceptOffer(offer.mediatorId, offer.offerId);
    expect(accepted.case?.deadlineAt).toBeDefined();
    const [approaching] = await eventsAbout(f, "deadlineApproaching", id, 1);
    const [overdue] = await eventsAbout(f, "caseOverdue", id, 1);
    expect(payloadOf(overdue, "caseOverdue")?.deadlineAt?.toISOString()).toBe(accepted.case?.deadlineAt?.toISOString());
    expect((approaching?.occurredAt?.getTime() ?? 0) <= (overdue?.occurredAt?.getTime() ?? 0)).toBe(true);
    const { cases } = await f.clients.listMyCases(offer.mediatorId);
    expect(cases.find((c) => c.caseId === offer.caseId)).toMatchObject({ overdue: true });
  });
});

describe("mediation timers when Redis loses them", () => {
  let f: CentreFixture;

  beforeAll(async () => {
    f = await startTestCentre(
      {
        mediators: [
          { mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] },
          { mediatorId: "B", centreCode: "JD01", categories: ["FAMILY"] },
        ],
      },
      { OFFER_TIMEOUT: "PT8S", MAX_OFFERS: "1", CHANNEL_PERIODS: "PEOPLES_MEDIATION=PT9S", DEADLINE_REMINDER_BEFORE: "PT1S" },
    );
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("fires every pending expiry and deadline after Redis is flushed and the service restarted", async () => {
    const offers: mediation.Offer[] = [];
    const stops = ["A", "B"].map((m) => f.clients.watchAssignments(m, (o) => offers.push(o)));
    const waiting = await submitFamily(f, "JD01");
    const toAccept = await submitFamily(f, "JD01");
    const offer = await waitFor(() => offers.find((o) => o.disputeId === toAccept));
    await waitFor(() => offers.find((o) => o.disputeId === waiting));
    for (const stop of stops) stop();
    await f.clients.acceptOffer(offer.mediatorId, offer.offerId);

    await f.centre.kill("mediation", "SIGKILL");
    expect(await flushQueues(f.namespace)).toBeGreaterThan(0);
    expect(await flushQueues(f.namespace)).toBe(0);
    expect((await f.events("offerExpired")).filter(about(waiting))).toHaveLength(0);
    await f.centre.restart("mediation");

    const [expired] = await eventsAbout(f, "offerExpired", waiting, 1);
    expect(payloadOf(expired, "offerExpired")?.disputeId).toBe(waiting);
    await eventsAbout(f, "caseOverdue", toAccept, 1);
  });
});

describe("mediation at steady load", () => {
  let f: CentreFixture;
  const team = ["F1", "F2", "F3"];

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: team.map((mediatorId) => ({ mediatorId, centreCode: "JD03", categories: ["FAMILY"], maxOpenCases: 20 })),
    });
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("spreads 30 offers over 3 equal mediators 10/10/10", async () => {
    for (let i = 0; i < 30; i++) await submitFamily(f, "JD03");
    const made = await waitFor(async () => {
      const all = await f.events("offerMade");
      return all.length >= 30 ? all : undefined;
    });
    const perMediator = team.map((m) => made.filter((e) => payloadOf(e, "offerMade")?.mediatorId === m).length);
    expect(perMediator).toEqual([10, 10, 10]);
  });

  it("sends a reconnecting stream every pending offer", async () => {
    const first: mediation.Offer[] = [];
    const stop = f.clients.watchAssignments("F1", (o) => first.push(o));
    await waitFor(() => (first.length >= 10 ? true : undefined));
    stop();
    const again: mediation.Offer[] = [];
    const stopAgain = f.clients.watchAssignments("F1", (o) => again.push(o));
    await waitFor(() => (again.length >= 10 ? true : undefined));
    stopAgain();
    const pending = (await f.clients.listMyCases("F1")).cases.filter((c) => c.state === 2 /* OFFERED */).map((c) => c.caseId);
    expect(again.map((o) => o.caseId).sort()).toEqual(pending.sort());
    expect(again.map((o) => o.offerId).sort()).toEqual(first.map((o) => o.offerId).sort());
  });

  it("shows a stream on one replica every offer, whichever replica made it", async () => {
    const replica = await f.centre.addReplica("mediation");
    const onReplica = new CentreClients({ ...f.centre.addresses, mediation: replica.address }, developmentSigner(f.centre.authSecret));
    const seen: mediation.Offer[] = [];
    const stops = team.map((m) => onReplica.watchAssignments(m, (o) => seen.push(o)));
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await submitFamily(f, "JD03"));
    const made = await waitFor(async () => {
      const all = (await f.events("offerMade")).filter((e) => ids.includes(e.correlationId));
      return all.length === ids.length ? all : undefined;
    });
    // Counted by dispute: the streams first send every offer already pending, which may still be arriving.
    const seenNew = () => new Set(seen.filter((o) => ids.includes(o.disputeId)).map((o) => o.offerId)).size;
    await waitFor(() => (seenNew() >= ids.length ? true : undefined), { what: "every new offer on the replica's streams" });
    for (const stop of stops) stop();
    onReplica.close();
    expect(
      seen
        .filter((o) => ids.includes(o.disputeId))
        .map((o) => o.offerId)
        .sort(),
    ).toEqual(made.map((e) => payloadOf(e, "offerMade")?.offerId).sort());
  });

  it("lets exactly one of two concurrent accepts win; the other gets FAILED_PRECONDITION", async () => {
    const offers: mediation.Offer[] = [];
    const stop = f.clients.watchAssignments("F2", (o) => offers.push(o));
    const offer = await waitFor(() => offers[0]);
    stop();
    const results = await Promise.allSettled([f.clients.acceptOffer("F2", offer.offerId), f.clients.acceptOffer("F2", offer.offerId)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isServiceError(loser.reason) && loser.reason.code).toBe(status.FAILED_PRECONDITION);
    const stale = await f.clients.acceptOffer("F3", offer.offerId).catch((e: unknown) => e);
    expect(isServiceError(stale) && stale.code).toBe(status.FAILED_PRECONDITION);
  });
});
