// Every dispute reaches an owner and an end, over the real four services: a generated month from 14
// street centres in the district's category mix is submitted, and every queue is driven to an end as
// the people would (test/support/month-driver.ts). Then no dispute is left open, nothing waits for an
// owner, and the report's figures for every channel equal the driver's own count of what it did.
import { type ChannelCode, shanghaiMonth, type statistics } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { MonthDriver } from "../support/month-driver.js";
import { allMediators, monthRoster, type PlannedDispute, planMonth } from "../support/month-plan.js";

const SEED = Number(process.env.MONTH_SEED ?? 20261130);
const TOTAL = Number(process.env.MONTH_DISPUTES ?? 200);
const FIRST_CHANNELS: ChannelCode[] = [
  "PEOPLES_MEDIATION",
  "LAWYER_MEDIATION",
  "CONSUMER_ASSOCIATION",
  "COMMERCIAL_MEDIATION",
  "LABOUR_MEDIATION",
  "ADMINISTRATIVE_MEDIATION",
  "TRIAGE",
  "DISTRICT_ESCALATION",
];

const tally = <T>(items: T[], key: (t: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

/** Closings in the report, as "CHANNEL/OUTCOME" → count, from its breakdown by channel. */
function closedByChannel(report: statistics.MonthlyReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of report.breakdowns.find((b) => b.dimension === "channel")?.rows ?? []) {
    const f = row.figures;
    const byOutcome = { AGREEMENT: f?.agreements, NO_AGREEMENT: f?.noAgreements, REFUSED: f?.refusals, WITHDRAWN: f?.withdrawals };
    for (const [outcome, n] of Object.entries(byOutcome)) if (n) counts[`${row.key}/${outcome}`] = n;
  }
  return counts;
}

describe("a generated month, driven to its end", () => {
  let f: CentreFixture;
  let driver: MonthDriver;
  const month = shanghaiMonth(new Date());
  const roster = monthRoster();
  const plan: PlannedDispute[] = planMonth(SEED, TOTAL);

  beforeAll(async () => {
    f = await startTestCentre(roster);
    driver = new MonthDriver(f, SEED, allMediators(roster));
    driver.watch();
  }, 90_000);

  afterAll(async () => {
    driver?.close();
    await f?.stop();
  });

  it("generates every category, every first channel and each risk level from 14 centres", () => {
    expect(plan).toHaveLength(TOTAL);
    expect(new Set(plan.map((p) => p.centre)).size).toBe(14);
    expect(new Set(plan.map((p) => p.category)).size).toBe(13);
    expect(Object.keys(tally(plan, (p) => p.channel)).sort()).toEqual([...FIRST_CHANNELS].sort());
    expect(plan.flatMap((p) => p.risk ?? []).sort()).toEqual(["ORANGE", "RED", "YELLOW"]);
  });

  it("routes each dispute to the channel the policy gives it, as the generator counted", async () => {
    await driver.submit(plan);
    const expected = tally(plan, (p) => p.channel);
    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(month)).report;
        const routed = Object.fromEntries((r?.figures?.routedByChannel ?? []).map((c) => [c.channel, c.count]));
        return r?.figures?.received === TOTAL && JSON.stringify(sortKeys(routed)) === JSON.stringify(sortKeys(expected)) ? r : undefined;
      },
      { what: `${TOTAL} disputes routed as planned`, timeoutMs: 60_000 },
    ).catch(async (error) => {
      const r = (await f.clients.monthlyReport(month)).report;
      console.log("routed by channel:", r?.figures?.routedByChannel, "expected:", expected);
      throw error;
    });
    expect(report.figures?.received).toBe(TOTAL);
  }, 120_000);

  it("drives every queue to an end: no dispute open, nothing waiting for an owner, every channel's closings as counted", async () => {
    const { truth, unfinished, rounds, missing } = await driver.drive(240_000);
    console.log(
      `month driven in ${rounds} rounds`,
      { ...truth, closed: Object.fromEntries(truth.closed) },
      { missing, unfinished: unfinished.length },
    );
    expect(missing, "RPCs the services do not serve yet").toEqual([]);
    expect(unfinished, "disputes not at an end").toEqual([]);
    expect(truth.acknowledgedAlerts).toBe(3);
    expect(truth.assigned).toBeGreaterThan(0);
    expect(truth.withdrawn).toBeGreaterThan(0);

    const expected = sortKeys(Object.fromEntries(truth.closed));
    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(month)).report;
        return r && JSON.stringify(sortKeys(closedByChannel(r))) === JSON.stringify(expected) ? r : undefined;
      },
      { what: "the report to count every closing", timeoutMs: 60_000 },
    ).catch(async (error) => {
      const r = (await f.clients.monthlyReport(month)).report;
      console.log("report closed by channel:", r && sortKeys(closedByChannel(r)), "driver:", expected);
      throw error;
    });
    console.log("report figures:", JSON.stringify(report.figures));
    expect(report.figures?.received).toBe(TOTAL);
    expect(report.figures?.backlog).toBe(0);
    // Nothing waits for a person anywhere in the district.
    expect((await f.clients.listWaiting("")).items).toEqual([]);
    expect(await driver.people.listWorkQueue()).toMatchObject({ items: [], total: 0 });
  }, 420_000);
});

function sortKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
