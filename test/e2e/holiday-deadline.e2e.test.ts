// A legal period across a public holiday, over the real services: mediation runs with its clock
// shifted to the morning of 29 September 2026 (TEST_CLOCK_START), two days before 国庆. A consumer
// complaint goes to the consumer association, whose 7 working days
// (《市场监督管理投诉举报处理暂行办法》第十四条) skip 1–7 October and end with 14 October; the deadline
// timers in Redis wait for that date and no reminder fires early.
import { common, intake } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, REDIS_URL, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel } = common;
const CLOCK_START = "2026-09-29T10:00:00+08:00";
/** The end of 14 October in Shanghai: 00:00 on the 15th. */
const DEADLINE = new Date("2026-10-14T16:00:00Z");

describe("a consumer complaint accepted just before 国庆 2026", () => {
  let f: CentreFixture;
  const offers: Array<{ offerId: string; caseId: string; disputeId: string }> = [];
  let stop = () => {};

  beforeAll(async () => {
    f = await startTestCentre(
      { mediators: [{ mediatorId: "CON1", centreCode: "DISTRICT", channels: ["CONSUMER_ASSOCIATION"], categories: ["CONSUMER"] }] },
      {},
      { serviceEnv: { mediation: { TEST_CLOCK_START: CLOCK_START } } },
    );
    stop = f.clients.watchAssignments("CON1", (o) => offers.push(o));
  }, 90_000);

  afterAll(async () => {
    stop();
    await f?.stop();
  });

  it("gets its 7-working-day deadline after the holiday, in the case, the timeline and the timers", async () => {
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD03", category: Category.CATEGORY_CONSUMER }));
    const id = dispute?.disputeId ?? "";
    const offer = await waitFor(() => offers.find((o) => o.disputeId === id), { what: "the offer to CON1" });

    const accepted = (await f.clients.acceptOffer("CON1", offer.offerId)).case;
    expect(accepted?.channel).toBe(Channel.CHANNEL_CONSUMER_ASSOCIATION);
    // Accepted on the shifted clock: the morning of 29 September, not today.
    const acceptedAt = accepted?.acceptedAt?.getTime() ?? 0;
    expect(Math.abs(acceptedAt - Date.parse(CLOCK_START))).toBeLessThan(60_000);
    // 30 Sep is day 1; 1–7 Oct are the holiday; 8–14 Oct (with the working Saturday 10 Oct) are days 2–7.
    expect(accepted?.deadlineAt).toEqual(DEADLINE);

    const got = await waitFor(
      async () => {
        const r = await f.clients.getDispute(id);
        return r.timeline.some((e) => e.kind === intake.TimelineKind.TIMELINE_KIND_ACCEPTED) ? r : undefined;
      },
      { what: "ACCEPTED in the timeline" },
    );
    expect(got.timeline.find((e) => e.kind === intake.TimelineKind.TIMELINE_KIND_ACCEPTED)?.deadlineAt).toEqual(DEADLINE);

    // The overdue timer waits for the deadline on the service's clock: about 15 days less 10 hours,
    // not zero (which a timer counted on the real clock, two months later, would be).
    const redis = new Redis(REDIS_URL);
    try {
      const job = `${f.namespace}:case-timers:deadline-overdue-${offer.caseId}-${DEADLINE.getTime()}`;
      const delay = await waitFor(async () => Number((await redis.hget(job, "delay")) ?? Number.NaN) || undefined, {
        what: "the deadline-overdue timer in Redis",
      });
      expect(Math.abs(delay - (DEADLINE.getTime() - acceptedAt))).toBeLessThan(30_000);
      expect(await redis.zscore(`${f.namespace}:case-timers:delayed`, job.split(":").at(-1) ?? "")).not.toBeNull();
    } finally {
      redis.disconnect();
    }
    // Nothing fired early: no reminder, no overdue, and the case is still open with its mediator.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const early = [...(await f.events("deadlineApproaching")), ...(await f.events("caseOverdue"))];
    expect(early.filter((e) => e.correlationId === id)).toEqual([]);
    const [open] = (await f.clients.listMyCases("CON1")).cases.filter((c) => c.caseId === offer.caseId);
    expect(open).toMatchObject({ overdue: false, deadlineAt: DEADLINE, mediatorId: "CON1" });
  });
});
