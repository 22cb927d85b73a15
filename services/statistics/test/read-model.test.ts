// The read model over the real embedded store: exactly-once effect, order independence, freezing
// and corrections.
import { join } from "node:path";
import { common, type Event, events, newEvent } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent, tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countEvent } from "../src/adapters/nats/subscriptions.js";
import { STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { publishMonth } from "../src/application/publish-month.js";
import { getMonthlyReport } from "../src/application/reports.js";

const { Category, Channel, Outcome } = common;

/** The events of one dispute's life, with times in a given month (Asia/Shanghai = UTC+8). */
function lifeOf(n: number, day: string, outcome: common.Outcome): Event[] {
  const id = `d${n}`;
  const submittedAt = new Date(`${day}T02:00:00Z`);
  const acceptedAt = new Date(submittedAt.getTime() + 2 * 86_400_000);
  const closedAt = new Date(submittedAt.getTime() + 5 * 86_400_000);
  const facts = {
    caseId: `c${n}`,
    disputeId: id,
    centreCode: n % 2 ? "JD01" : "JD02",
    category: Category.CATEGORY_FAMILY,
    channel: Channel.CHANNEL_PEOPLES_MEDIATION,
  };
  const ids = { correlationId: id, causationId: "test" };
  const { caseId: _caseId, ...routing } = facts;
  return [
    aDisputeSubmittedEvent(id, { centreCode: facts.centreCode, submittedAt }),
    newEvent(
      {
        $case: "disputeRouted",
        value: events.DisputeRouted.fromPartial({ ...routing, mediationFirst: true, routedAt: submittedAt, sequence: 1 }),
      },
      ids,
    ),
    newEvent(
      { $case: "offerAccepted", value: events.OfferAccepted.fromPartial({ ...facts, mediatorId: "M1", acceptedAt, submittedAt }) },
      ids,
    ),
    newEvent(
      {
        $case: "caseClosed",
        value: events.CaseClosed.fromPartial({ ...facts, mediatorId: "M1", outcome, acceptedAt, closedAt, submittedAt }),
      },
      ids,
    ),
  ];
}

function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const OUTCOMES = [
  Outcome.OUTCOME_AGREEMENT,
  Outcome.OUTCOME_AGREEMENT,
  Outcome.OUTCOME_NO_AGREEMENT,
  Outcome.OUTCOME_REFUSED,
  Outcome.OUTCOME_WITHDRAWN,
];
const history = Array.from({ length: 20 }, (_, n) => lifeOf(n, "2025-03-10", OUTCOMES[n % OUTCOMES.length] as common.Outcome)).flat();

describe("the statistics read model", () => {
  const stores: Array<{ store: SqliteStore; remove(): void }> = [];
  const open = () => {
    const dir = tempDir("stats-");
    const store = SqliteStore.open(join(dir.path, "s.sqlite"), STATISTICS_COLLECTIONS);
    stores.push({ store, remove: dir.remove });
    return store;
  };
  let store: SqliteStore;
  beforeEach(() => {
    store = open();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) {
      await s.store.close();
      s.remove();
    }
  });

  it("gives the same report when every event is delivered twice, or in a shuffled order", async () => {
    for (const event of history) await countEvent(store, event);
    const asOf = new Date("2025-04-01T00:00:00Z");
    const inOrder = await getMonthlyReport(store, "2025-03", "", asOf);
    expect(inOrder.breakdowns.map((b) => [b.dimension, b.rows.map((r) => r.key)])).toEqual([
      ["centre", ["JD01", "JD02"]],
      ["category", ["FAMILY"]],
      ["channel", ["PEOPLES_MEDIATION"]],
      ["mediator", ["M1"]],
    ]);
    const jd01 = await getMonthlyReport(store, "2025-03", "JD01");
    expect(jd01.breakdowns.map((b) => b.dimension)).toEqual(["category", "channel", "mediator"]);
    expect(jd01.figures.received).toBe(10);
    expect(inOrder.figures).toMatchObject({
      received: 20,
      accepted: 20,
      closed: 20,
      agreements: 8,
      noAgreements: 4,
      refusals: 4,
      withdrawals: 4,
      successRatePercent: "66.67",
    });
    expect(inOrder.figures).toMatchObject({ medianDaysToAssignment: 2, p90DaysToClose: 5, backlog: 0 });

    const twice = open();
    for (const event of [...history, ...shuffled(history, 7)]) await countEvent(twice, event);
    const shuffledOnly = open();
    for (const event of shuffled(history, 42)) await countEvent(shuffledOnly, event);
    for (const other of [twice, shuffledOnly]) {
      expect(await getMonthlyReport(other, "2025-03", "", asOf)).toEqual(inOrder);
      expect(await getMonthlyReport(other, "2025-03", "JD01", asOf)).toEqual(await getMonthlyReport(store, "2025-03", "JD01", asOf));
    }
  });

  it("counts backlog at month end from cases accepted and not yet closed", async () => {
    const [submitted, routed, accepted, closed] = lifeOf(1, "2025-03-28", Outcome.OUTCOME_AGREEMENT) as [Event, Event, Event, Event];
    for (const event of [submitted, routed, accepted]) await countEvent(store, event);
    expect((await getMonthlyReport(store, "2025-03", "")).figures.backlog).toBe(1);
    await countEvent(store, closed); // closed on 2 April
    expect((await getMonthlyReport(store, "2025-03", "")).figures.backlog).toBe(1);
    expect((await getMonthlyReport(store, "2025-04", "")).figures.backlog).toBe(0);
  });

  it("never changes a published report; a late event shows as a correction in the next month's", async () => {
    for (const event of history) await countEvent(store, event);
    const published = await publishMonth(store, "2025-03", new Date("2025-04-01T00:05:00+08:00"), () => undefined);
    const frozen = await getMonthlyReport(store, "2025-03", "");
    expect(frozen).toMatchObject({ published: true, contentHash: published.contentHash });

    for (const event of lifeOf(99, "2025-03-20", Outcome.OUTCOME_AGREEMENT)) await countEvent(store, event);
    expect(await getMonthlyReport(store, "2025-03", "")).toEqual(frozen);
    const april = await getMonthlyReport(store, "2025-04", "");
    expect(april.corrections).toEqual([{ month: "2025-03", delta: expect.objectContaining({ received: 1, closed: 1, agreements: 1 }) }]);
    expect(april.figures.received).toBe(0);
    expect((await publishMonth(store, "2025-03", new Date("2025-05-01T00:00:00Z"), () => undefined)).alreadyPublished).toBe(true);
  });

  it("refuses to publish a month that has not ended in Asia/Shanghai", async () => {
    await expect(publishMonth(store, "2025-03", new Date("2025-03-31T15:59:00Z"), () => undefined)).rejects.toThrow(/has not ended/);
    await expect(publishMonth(store, "2025-03", new Date("2025-03-31T16:00:00Z"), () => undefined)).resolves.toMatchObject({
      alreadyPublished: false,
    });
  });

  it("compares with the previous month and the same month a year before, in percentage points", async () => {
    for (const event of history) await countEvent(store, event);
    for (const event of lifeOf(200, "2025-02-10", Outcome.OUTCOME_AGREEMENT)) await countEvent(store, event);
    for (const event of lifeOf(300, "2024-03-10", Outcome.OUTCOME_NO_AGREEMENT)) await countEvent(store, event);
    const report = await getMonthlyReport(store, "2025-03", "");
    const change = (c: typeof report.previousMonth, figure: string) => c?.changes.find((x) => x.figure === figure)?.change;
    expect(report.previousMonth?.month).toBe("2025-02");
    expect(change(report.previousMonth, "successRatePercent")).toBe("-33.33 pp");
    expect(change(report.previousMonth, "received")).toBe("+19");
    expect(change(report.sameMonthLastYear, "successRatePercent")).toBe("+66.67 pp");
  });
});
