// The backlog at a month's end (accepted and not yet closed) from the scopes' running totals, checked
// against its definition summed over the months themselves, and the totals a read model counted
// before they existed gets at start. On the real embedded store.
import { common, type Event, events, newEvent } from "@mediation/contracts";
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countEvent } from "../src/adapters/nats/subscriptions.js";
import { MONTHLY_COUNTS, SCOPE_TOTALS, STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { compareReadModels } from "../src/application/compare-models.js";
import { CORRECTION, numbers } from "../src/application/counts.js";
import { getMonthlyReport } from "../src/application/reports.js";
import { fileScopeTotals } from "../src/application/scope-totals.js";

const { Category, Channel, Outcome } = common;

/** A case of centre JD0<n % 3 + 1> accepted on `accepted` and, if `closed` is given, closed then. */
function caseOf(n: number, accepted: string, closed?: string): Event[] {
  const facts = {
    caseId: `c${n}`,
    disputeId: `d${n}`,
    centreCode: `JD0${(n % 3) + 1}`,
    category: n % 2 ? Category.CATEGORY_FAMILY : Category.CATEGORY_NEIGHBOUR,
    channel: Channel.CHANNEL_PEOPLES_MEDIATION,
  };
  const ids = { correlationId: facts.disputeId, causationId: "test" };
  const acceptedAt = new Date(`${accepted}T03:00:00Z`);
  const submittedAt = new Date(acceptedAt.getTime() - 86_400_000);
  const out = [
    newEvent(
      { $case: "offerAccepted", value: events.OfferAccepted.fromPartial({ ...facts, mediatorId: "M1", acceptedAt, submittedAt }) },
      ids,
    ),
  ];
  if (closed)
    out.push(
      newEvent(
        {
          $case: "caseClosed",
          value: events.CaseClosed.fromPartial({
            ...facts,
            mediatorId: "M1",
            outcome: Outcome.OUTCOME_AGREEMENT,
            acceptedAt,
            closedAt: new Date(`${closed}T03:00:00Z`),
            submittedAt,
          }),
        },
        ids,
      ),
    );
  return out;
}

/** The definition: accepted less closed, summed over every month up to `month`, read from the monthly counts. */
async function backlogByDefinition(store: DocumentStore, scope: string, month: string): Promise<number> {
  const docs = await store.collection(MONTHLY_COUNTS).find({ where: { scope } });
  return docs.filter((d) => d.month <= month).reduce((sum, d) => sum + (numbers(d).accepted ?? 0) - (numbers(d).closed ?? 0), 0);
}

const months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"];

const history = [
  ...caseOf(1, "2025-01-10", "2025-03-02"),
  ...caseOf(2, "2025-01-20"),
  ...caseOf(3, "2025-02-05", "2025-02-25"),
  ...caseOf(4, "2025-02-14", "2025-05-06"),
  ...caseOf(5, "2025-03-30", "2025-04-01"),
  ...caseOf(6, "2025-04-11"),
  ...caseOf(7, "2025-05-02", "2025-05-20"),
];

describe("the backlog from running totals", () => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    for (const event of history) await countEvent(store, event);
  });
  afterEach(async () => store.close());

  const expectDefinition = async () => {
    for (const month of months) {
      const district = await getMonthlyReport(store, month, "");
      expect(district.figures.backlog, `district backlog at the end of ${month}`).toBe(await backlogByDefinition(store, "district", month));
      for (const row of district.breakdowns.flatMap((b) => b.rows.map((r) => ({ ...r, dimension: b.dimension }))))
        expect(row.figures?.backlog, `${row.dimension}:${row.key} at the end of ${month}`).toBe(
          await backlogByDefinition(store, `${row.dimension}:${row.key}`, month),
        );
      const centre = await getMonthlyReport(store, month, "JD02");
      expect(centre.figures.backlog).toBe(await backlogByDefinition(store, "centre:JD02", month));
    }
  };

  it("is, for every month and scope, accepted less closed up to that month's end", async () => {
    expect((await getMonthlyReport(store, "2025-02", "")).figures.backlog).toBe(3);
    expect((await getMonthlyReport(store, "2025-05", "")).figures.backlog).toBe(2);
    await expectDefinition();
  });

  it("moves every later month when a late event lands in an earlier one", async () => {
    for (const event of caseOf(8, "2025-01-15", "2025-04-20")) await countEvent(store, event);
    expect((await getMonthlyReport(store, "2025-03", "")).figures.backlog).toBe(4);
    await expectDefinition();
  });

  it("is the same after a read model counted without totals gets them at start, and they are filed once", async () => {
    const asOf = new Date("2025-06-01T00:00:00Z");
    const before = await Promise.all(months.map((m) => getMonthlyReport(store, m, "", asOf)));
    const totals = store.collection(SCOPE_TOTALS);
    for (const doc of await totals.find()) await totals.delete(doc.id, doc.version);
    expect((await getMonthlyReport(store, "2025-05", "")).figures.backlog).not.toBe(before[4]?.figures.backlog);
    expect(await fileScopeTotals(store)).toBeGreaterThan(0);
    expect(await Promise.all(months.map((m) => getMonthlyReport(store, m, "", asOf)))).toEqual(before);
    expect(await fileScopeTotals(store)).toBe(0);
    expect((await totals.find()).some((d) => d.scope.startsWith(CORRECTION))).toBe(false);
  });

  it("is compared by a rebuild: a running total off by one shows, though every monthly count agrees", async () => {
    // As in production: the live store is filed at start (its marker is no scope), then counts; the rebuilt one only counts.
    const live = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    const rebuilt = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    try {
      await fileScopeTotals(live);
      for (const event of history) await countEvent(live, event);
      for (const event of history) await countEvent(rebuilt, event);
      expect(await compareReadModels(live, rebuilt)).toEqual([]);
      // Seven cases accepted in the district; centre JD02 (cases 1, 4, 7) closed all three.
      await live.collection(SCOPE_TOTALS).increment("district", { accepted: 1 });
      await live.collection(SCOPE_TOTALS).increment("centre:JD02", { closed: -1 });
      expect(await compareReadModels(live, rebuilt)).toEqual([
        { month: "", scope: "centre:JD02", figure: "running_total:closed", live: 2, rebuilt: 3 },
        { month: "", scope: "district", figure: "running_total:accepted", live: 8, rebuilt: 7 },
      ]);
    } finally {
      await live.close();
      await rebuilt.close();
    }
  });

  it("reads one consistent state while later months are being counted", async () => {
    const march = (await getMonthlyReport(store, "2025-03", "")).figures.backlog;
    const later = Array.from({ length: 20 }, (_, i) => caseOf(100 + i, "2025-06-03")).flat();
    const reading = getMonthlyReport(store, "2025-03", "");
    // Counted one after another while the report reads: each count commits between two of its reads.
    for (const event of later) await countEvent(store, event);
    const during = await reading;
    // Cases accepted in June do not change what was open at the end of March.
    expect(during.figures.backlog).toBe(march);
  });
});

describe("filing the running totals of a read model counted before they existed", () => {
  /** Counted by the consumer, then stripped of its totals: the state of a read model from before them. */
  async function countedWithoutTotals(): Promise<DocumentStore> {
    const store = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    for (const event of history) await countEvent(store, event);
    const totals = store.collection(SCOPE_TOTALS);
    for (const doc of await totals.find()) await totals.delete(doc.id, doc.version);
    return store;
  }
  const scopeTotals = async (store: DocumentStore) =>
    (await store.collection(SCOPE_TOTALS).find())
      .filter((d) => !d.id.startsWith("("))
      .map(({ scope, accepted, closed }) => ({ scope, accepted, closed }))
      .sort((x, y) => x.scope.localeCompare(y.scope));
  /** The definition: each scope's accepted and closed summed over its months (corrections are not a scope's). */
  async function sumsOfCounts(store: DocumentStore) {
    const sums = new Map<string, { scope: string; accepted: number; closed: number }>();
    for (const doc of await store.collection(MONTHLY_COUNTS).find()) {
      const { accepted = 0, closed = 0 } = numbers(doc);
      if (doc.scope.startsWith(CORRECTION) || (!accepted && !closed)) continue;
      const sum = sums.get(doc.scope) ?? { scope: doc.scope, accepted: 0, closed: 0 };
      sums.set(doc.scope, { scope: doc.scope, accepted: sum.accepted + accepted, closed: sum.closed + closed });
    }
    return [...sums.values()].sort((x, y) => x.scope.localeCompare(y.scope));
  }

  it("works in pieces: a crash in any piece leaves whole scopes only, and the next run completes to the one-shot's totals", async () => {
    const oneShot = await countedWithoutTotals();
    const expected = await sumsOfCounts(oneShot);
    expect(await fileScopeTotals(oneShot)).toBe(expected.length);
    expect(await scopeTotals(oneShot)).toEqual(expected);
    await oneShot.close();
    expect(expected.length).toBeGreaterThan(10);

    // Three monthly count documents a piece: most scopes (the district has five months) take a piece of their own.
    const clean = await countedWithoutTotals();
    const piecesOfCleanRun: string[][] = [];
    expect(await fileScopeTotals(clean, { pageSize: 3, inPiece: (scopes) => void piecesOfCleanRun.push(scopes) })).toBe(expected.length);
    expect(await scopeTotals(clean)).toEqual(expected);
    await clean.close();
    expect(piecesOfCleanRun.length).toBeGreaterThan(5);

    for (let crashAt = 1; crashAt <= piecesOfCleanRun.length; crashAt++) {
      const store = await countedWithoutTotals();
      try {
        const done: string[][] = [];
        let piece = 0;
        const crash = new Error(`crash in piece ${crashAt}`);
        const failing = fileScopeTotals(store, {
          pageSize: 3,
          inPiece: (scopes) => {
            if (++piece === crashAt) throw crash;
            done.push(scopes);
          },
        });
        await expect(failing).rejects.toBe(crash);
        // The pieces before the crash are filed whole; the crashed one's writes, made before it threw, are not there.
        const afterCrash = await scopeTotals(store);
        expect(afterCrash.map((t) => t.scope).sort(), `after a crash in piece ${crashAt}`).toEqual(done.flat().sort());
        expect(afterCrash).toEqual(expected.filter((e) => done.flat().includes(e.scope)));
        // The next start goes on from there.
        expect(await fileScopeTotals(store, { pageSize: 3 })).toBe(expected.length - afterCrash.length);
        expect(await scopeTotals(store), `resumed after a crash in piece ${crashAt}`).toEqual(expected);
        expect(await fileScopeTotals(store, { pageSize: 3 })).toBe(0);
      } finally {
        await store.close();
      }
    }
  });

  it("gives every scope the sum of its counts, and reports the same as a read model that always had them", async () => {
    const store = await countedWithoutTotals();
    const always = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    try {
      await fileScopeTotals(always);
      for (const event of history) await countEvent(always, event);
      await fileScopeTotals(store, { pageSize: 2 });
      expect(await scopeTotals(store)).toEqual(await sumsOfCounts(store));
      expect(await compareReadModels(store, always)).toEqual([]);
      const asOf = new Date("2025-06-01T00:00:00Z");
      for (const month of months)
        expect(await getMonthlyReport(store, month, "JD01", asOf)).toEqual(await getMonthlyReport(always, month, "JD01", asOf));
    } finally {
      await store.close();
      await always.close();
    }
  });
});
