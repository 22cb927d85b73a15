// Every dispute reaches an owner and an end, over the real four services: a generated month from 14
// street centres in the district's category mix is submitted, and every queue is driven to an end as
// the people would (test/support/month-driver.ts). Then no dispute is left open, nothing waits for an
// owner, and the report's figures for every channel equal the driver's own count of what it did.
import { type ChannelCode, shanghaiMonth, type statistics } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { MonthDriver } from "../support/month-driver.js";
import { allMediators, CENTRE_AWAY, monthRoster, type PlannedDispute, planMonth } from "../support/month-plan.js";

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

/** Ends in the report, as "CHANNEL/OUTCOME" → count. */
const endedByChannel = (report: statistics.MonthlyReport | undefined) =>
  sortKeys(Object.fromEntries((report?.figures?.endedByChannel ?? []).map((c) => [`${c.channel}/${c.outcome}`, c.count])));

/** The report's figures and who waits for an owner, printable. */
const show = (r: statistics.MonthlyReport | undefined) =>
  JSON.stringify({ ...r?.figures, waitingForOwner: r?.waitingForOwner }, (_, v) => (typeof v === "bigint" ? Number(v) : v));

/** The report once `ready` holds, or the figures it showed when the wait ran out. */
async function reportWhen(f: CentreFixture, month: string, what: string, ready: (r: statistics.MonthlyReport) => boolean) {
  let last: statistics.MonthlyReport | undefined;
  return waitFor(
    async () => {
      last = (await f.clients.monthlyReport(month)).report;
      return last && ready(last) ? last : undefined;
    },
    { what, timeoutMs: 60_000 },
  ).catch((error) => {
    console.log(`${what}: the report showed`, show(last));
    throw error;
  });
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

  it("routes each dispute to the channel the policy gives it, and counts what waits for an owner, as the generator did", async () => {
    await driver.submit(plan);
    const routed = sortKeys(tally(plan, (p) => p.channel));
    // Before anyone acts: TRIAGE undecided, escalations unacknowledged, JD14's people's cases untaken.
    const waiting = {
      triage: routed.TRIAGE ?? 0,
      escalation: routed.DISTRICT_ESCALATION ?? 0,
      awaitingMediator: plan.filter((p) => p.centre === CENTRE_AWAY && p.channel === "PEOPLES_MEDIATION").length,
    };
    const report = await reportWhen(f, month, `${TOTAL} disputes routed as planned`, (r) => {
      const byChannel = Object.fromEntries((r.figures?.routedByChannel ?? []).map((c) => [c.channel, c.count]));
      return (
        r.figures?.received === TOTAL &&
        same(sortKeys(byChannel), routed) &&
        r.waitingForOwner?.awaitingMediator === waiting.awaitingMediator
      );
    });
    expect(report.waitingForOwner).toMatchObject({ ...waiting, total: waiting.triage + waiting.escalation + waiting.awaitingMediator });
    expect(Number(report.waitingForOwner?.oldestAgeSeconds)).toBeGreaterThan(0);
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

    const ends = sortKeys(Object.fromEntries(truth.closed));
    // Every channel where a stay can end was worked: the six mediation channels and both terminal ones.
    const endChannels = new Set(Object.keys(ends).map((k) => k.split("/")[0]));
    expect([...endChannels].sort()).toEqual(
      [...FIRST_CHANNELS.filter((c) => c !== "TRIAGE" && c !== "DISTRICT_ESCALATION"), "LITIGATION_GUIDANCE", "LABOUR_ARBITRATION"].sort(),
    );
    const report = await reportWhen(f, month, "the report to count every end", (r) => same(endedByChannel(r), ends));
    console.log("report figures:", show(report));
    // Every dispute ended exactly once: by agreement, guidance given or withdrawal.
    const n = (outcome: string) => Object.entries(ends).reduce((sum, [k, v]) => sum + (k.endsWith(`/${outcome}`) ? v : 0), 0);
    expect(n("AGREEMENT") + n("GUIDANCE_GIVEN") + n("WITHDRAWN")).toBe(TOTAL);
    // A case the supervisor assigned is taken as surely as an accepted offer.
    expect(report.figures?.accepted, "accepted: offers accepted and cases assigned").toBe(truth.accepted);
    expect(report.figures).toMatchObject({
      received: TOTAL,
      ended: TOTAL,
      guidanceGiven: n("GUIDANCE_GIVEN"),
      resolvedAcrossChannelsPercent: (Math.round((n("AGREEMENT") * 10000) / TOTAL) / 100).toFixed(2),
      backlog: 0,
    });
    expect(report.waitingForOwner).toMatchObject({ total: 0, triage: 0, escalation: 0, awaitingMediator: 0 });
    expect(Number(report.waitingForOwner?.oldestAgeSeconds)).toBe(0);
    // Nothing waits for a person anywhere in the district.
    expect((await f.clients.listWaiting("")).items).toEqual([]);
    expect(await f.clients.listWorkQueue({})).toMatchObject({ items: [], total: 0 });
  }, 420_000);
});

function sortKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function same(a: Record<string, number>, b: Record<string, number>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
