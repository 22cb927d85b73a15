// Legal timers survive Redis outages under a running mediation service (docs/architecture.md#timers):
// a Redis restarted empty gets every timer back within one sweep interval, and a scheduling call that
// fails after a commit neither fails the committed call nor loses the timer.
import type { Event, mediation } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";
import { type OwnRedis, startOwnRedis } from "../support/own-redis.js";

const SWEEP_MS = 2_000;
const about = (disputeId: string) => (e: Event) => e.correlationId === disputeId;
const at = (e: Event | undefined) => e?.occurredAt?.getTime() ?? Number.NaN;

describe("timers through Redis outages", () => {
  let f: CentreFixture;
  let redis: OwnRedis;
  const offers: mediation.Offer[] = [];
  let stops: Array<() => void> = [];

  const inRedis = async <T>(use: (client: Redis) => Promise<T>) => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      return await use(client);
    } finally {
      client.disconnect();
    }
  };
  const delayedTimers = () => inRedis((client) => client.zcard(`${f.namespace}:case-timers:delayed`));
  const marker = () => `${f.namespace}:test-marker`;
  const submit = async () => (await f.clients.submitDispute(aDispute({ centreCode: "JD01" }))).dispute?.disputeId ?? "";
  const firstEvent = (kind: Parameters<CentreFixture["events"]>[0], disputeId: string) =>
    waitFor(async () => (await f.events(kind)).find(about(disputeId)), { what: `${kind} for ${disputeId}`, timeoutMs: 40_000 });

  beforeAll(async () => {
    redis = await startOwnRedis();
    f = await startTestCentre(
      { mediators: [{ mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"], maxOpenCases: 20 }] },
      {
        REDIS_URL: redis.url,
        TIMER_SWEEP_INTERVAL: `PT${SWEEP_MS / 1000}S`,
        OFFER_TIMEOUT: "PT14S",
        MAX_OFFERS: "1",
        CHANNEL_PERIODS: "PEOPLES_MEDIATION=PT16S",
        DEADLINE_REMINDER_BEFORE: "PT2S",
      },
    );
    stops = [f.clients.watchAssignments("A", (o) => offers.push(o))];
  }, 90_000);

  afterAll(async () => {
    for (const stop of stops) stop();
    await f?.stop();
    await redis?.kill();
  });

  it("puts every timer back within one sweep interval after Redis restarts empty, and fires them on time", async () => {
    const waiting = await submit();
    const toAccept = await submit();
    const offer = await waitFor(() => offers.find((o) => o.disputeId === toAccept));
    const pending = await waitFor(() => offers.find((o) => o.disputeId === waiting));
    await f.clients.acceptOffer("A", offer.offerId);
    // One offer expiry, and the accepted case's deadline reminder and overdue; and the accepted offer's
    // expiry, stale now: it stays until it fires and changes nothing (only a full sweep removes such jobs).
    await waitFor(async () => ((await delayedTimers()) === 4 ? true : undefined), { what: "4 timers in Redis" });

    // The marker shows that Redis came back empty. The timers' own count cannot: a sweep may put them
    // back between the restart and the first look.
    await inRedis((client) => client.set(marker(), "before the restart"));
    await redis.kill();
    await redis.start();
    const restarted = Date.now();
    expect(await inRedis((client) => client.exists(marker()))).toBe(0);
    // The full sweep after the restart puts back the three the cases need, not the stale one.
    await waitFor(async () => ((await delayedTimers()) === 3 ? true : undefined), { what: "3 timers back", timeoutMs: SWEEP_MS * 3 });
    const back = Date.now() - restarted;
    console.log(`timers back ${back} ms after Redis restarted empty (sweep interval ${SWEEP_MS} ms)`);
    expect(back).toBeLessThanOrEqual(SWEEP_MS + 1_500);

    const expired = await firstEvent("offerExpired", waiting);
    const lateMs = at(expired) - (pending.expiresAt?.getTime() ?? 0);
    console.log(`offer expired ${lateMs} ms after its expiry time`);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(3_000);
    await firstEvent("deadlineApproaching", toAccept);
    await firstEvent("caseOverdue", toAccept);
  }, 90_000);

  it("commits a call while Redis is down, and the offer made meanwhile still expires", async () => {
    const toAccept = await submit();
    const offer = await waitFor(() => offers.find((o) => o.disputeId === toAccept));
    await redis.kill();
    const startedAt = Date.now();
    await f.clients.acceptOffer("A", offer.offerId);
    const acceptMs = Date.now() - startedAt;
    const waiting = await submit();
    const pending = await waitFor(() => offers.find((o) => o.disputeId === waiting), { timeoutMs: 15_000 });
    await waitFor(() => (f.logs().some((l) => l.includes("the sweep will")) ? true : undefined), { what: "a scheduling failure logged" });
    console.log(`accept committed in ${acceptMs} ms with Redis down`);
    expect(acceptMs).toBeLessThan(5_000);
    await redis.start();

    const expired = await firstEvent("offerExpired", waiting);
    const lateMs = at(expired) - (pending.expiresAt?.getTime() ?? 0);
    console.log(`offer made with Redis down expired ${lateMs} ms after its expiry time`);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(3_000);
    await firstEvent("caseOverdue", toAccept);
  }, 90_000);
});
