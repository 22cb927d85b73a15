// Statistics down across a month's end (docs/architecture.md#timers): the events of the ended month
// that reached the stream while it was down are counted before the month is frozen, so the official
// report holds them and no correction is recorded. Statistics' clock is injected (TEST_CLOCK_START).
import { common, encodeEvent, events, newEvent, subjectOf } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, NATS_URL, startTestCentre } from "../support/centre-fixture.js";

const MONTH = "2025-06";
const WHILE_DOWN = 300;

const submitted = (id: string, at: string) =>
  newEvent(
    {
      $case: "disputeSubmitted",
      value: events.DisputeSubmitted.fromPartial({
        disputeId: id,
        centreCode: "JD01",
        category: common.Category.CATEGORY_FAMILY,
        claimantCount: 1,
        submittedAt: new Date(at),
      }),
    },
    { correlationId: id, causationId: "test" },
  );

describe("the month-end freeze after statistics was down across the month's end", () => {
  let f: CentreFixture;
  const statisticsEnv = { TEST_CLOCK_START: "2025-06-30T23:59:00+08:00", FREEZE_RETRY_MS: "200" };

  beforeAll(async () => {
    f = await startTestCentre(
      { mediators: [{ mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] }] },
      {},
      { serviceEnv: { statistics: statisticsEnv } },
    );
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("counts what arrived while it was down, waits for its consumer, then freezes the complete month", async () => {
    const nc = await connect({ servers: NATS_URL });
    const js = jetstream(nc);
    const publish = async (id: string, at: string) => {
      const e = submitted(id, at);
      await js.publish(subjectOf(f.namespace, "disputeSubmitted"), encodeEvent(e), { msgID: e.id });
    };
    await publish("before-end", "2025-06-20T02:00:00Z");
    await waitFor(async () => ((await f.clients.monthlyReport(MONTH)).report?.figures?.received === 1 ? true : undefined));
    expect((await f.clients.monthlyReport(MONTH)).report?.published).toBe(false);

    await f.centre.kill("statistics");
    // The month ends while statistics is down; events of the month still reach the stream.
    for (let i = 0; i < WHILE_DOWN; i++) await publish(`while-down-${i}`, "2025-06-30T15:30:00Z"); // 23:30 in Shanghai
    statisticsEnv.TEST_CLOCK_START = "2025-07-01T00:05:00+08:00";
    const restarted = Date.now();
    await f.centre.restart("statistics");

    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(MONTH)).report;
        return r?.published ? r : undefined;
      },
      { what: `${MONTH} published`, timeoutMs: 60_000 },
    );
    console.log(`${MONTH} published ${Date.now() - restarted} ms after the restart, with ${report.figures?.received} received`);
    expect(report.figures?.received).toBe(1 + WHILE_DOWN);
    expect((await f.clients.monthlyReport("2025-07")).report?.corrections).toEqual([]);
    const waits = f.logs().filter((l) => l.startsWith("statistics:") && l.includes("month-end freeze waits for the statistics consumer"));
    console.log(`the freeze waited ${waits.length} time(s): ${waits[0] ?? ""}`);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.some((l) => l.includes(`"month":"${MONTH}"`))).toBe(true);
    await nc.close();
  }, 120_000);
});
