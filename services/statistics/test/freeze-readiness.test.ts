// The month-end freeze waits for the consumer: a pure decision over a reading and an injected clock.

import { SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { waitFor } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { MONTHLY_COUNTS, STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { isPublished } from "../src/application/counts.js";
import { MonthEndFreeze } from "../src/application/month-end-freeze.js";
import { freezeDecision, monthEndsAt } from "../src/domain/freeze-readiness.js";

const caughtUp = { pending: 0, ackPending: 0, delivered: 40, streamLast: 40 };
const afterEnd = new Date("2026-11-01T00:05:00+08:00");

describe("freeze readiness", () => {
  it("puts a month's end at 00:00 on the 1st, Asia/Shanghai", () => {
    expect(monthEndsAt("2026-10").toISOString()).toBe("2026-10-31T16:00:00.000Z");
    expect(monthEndsAt("2026-12").toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("freezes only a consumer read after the month ended with nothing pending and the stream seen to its end", () => {
    expect(freezeDecision("2026-10", { ...caughtUp, readAt: afterEnd })).toEqual({ ready: true });
    expect(freezeDecision("2026-10", { ...caughtUp, readAt: new Date("2026-10-31T23:59:59+08:00") })).toMatchObject({
      ready: false,
      reason: expect.stringContaining("before 2026-10 ended"),
    });
    expect(freezeDecision("2026-10", { ...caughtUp, pending: 3, readAt: afterEnd })).toMatchObject({
      ready: false,
      reason: expect.stringContaining("3 events not yet delivered"),
    });
    expect(freezeDecision("2026-10", { ...caughtUp, ackPending: 1, readAt: afterEnd })).toMatchObject({
      ready: false,
      reason: expect.stringContaining("not yet counted"),
    });
    expect(freezeDecision("2026-10", { ...caughtUp, delivered: 39, readAt: afterEnd })).toMatchObject({
      ready: false,
      reason: expect.stringContaining("not yet to 40"),
    });
  });
});

describe("month-end freeze", () => {
  it("waits while the consumer lags, says so, and publishes once it has caught up", async () => {
    const store = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    await store.collection(MONTHLY_COUNTS).increment("2026-10|district", { received: 1 }, { month: "2026-10", scope: "district" });
    const readings = [{ ...caughtUp, pending: 5 }, { ...caughtUp, ackPending: 2 }, caughtUp];
    const controller = new AbortController();
    // The third reading (caught up) is held until the test has looked at the second's wait.
    let letThirdReadingThrough: () => void = () => undefined;
    const thirdReadingHeld = new Promise<void>((resolve) => {
      letThirdReadingThrough = resolve;
    });
    let readingsTaken = 0;
    const freeze = new MonthEndFreeze({
      store,
      lag: async () => {
        if (++readingsTaken === 3) await thirdReadingHeld;
        return readings.shift() ?? caughtUp;
      },
      now: () => afterEnd,
      eventsStored: () => undefined,
      logger: createLogger("test"),
      retryMs: 100,
      signal: controller.signal,
    });
    const run = freeze.run();
    await waitFor(() => (readingsTaken === 3 ? true : undefined), { what: "the third reading of the lag" });
    expect(freeze.waiting).toMatchObject({ month: "2026-10", attempts: 2, reason: expect.stringContaining("not yet counted") });
    expect(await isPublished(store, "2026-10")).toBe(false);
    letThirdReadingThrough();
    await run;
    expect(freeze.waiting).toBeUndefined();
    expect(readings).toHaveLength(0);
    expect(await isPublished(store, "2026-10")).toBe(true);
    await store.close();
  });

  it("catching up many ended months lets the event loop take other work between them", async () => {
    const store = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    const months = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
    for (const month of months)
      await store.collection(MONTHLY_COUNTS).increment(`${month}|district`, { received: 1 }, { month, scope: "district" });
    const freeze = new MonthEndFreeze({
      store,
      lag: async () => caughtUp,
      now: () => afterEnd,
      eventsStored: () => undefined,
      logger: createLogger("test"),
      retryMs: 100,
      signal: new AbortController().signal,
    });
    let publishedWhenATimerRan: number | undefined;
    const published = async () => (await Promise.all(months.map((m) => isPublished(store, m)))).filter(Boolean).length;
    setTimeout(() => {
      void published().then((n) => {
        publishedWhenATimerRan = n;
      });
    }, 0);
    await freeze.run();
    expect(await published()).toBe(months.length);
    // A timer due at once ran while months were still being published, not only after the last.
    expect(publishedWhenATimerRan).toBeLessThan(months.length);
    await store.close();
  });
});
