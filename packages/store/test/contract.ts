// The one contract both adapters must pass (docs/architecture.md#stores).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentStore } from "../src/index.js";
import { defineCollection, UndeclaredIndex, VersionConflict } from "../src/index.js";

import { COUNTERS, DISPUTES, OUTBOX } from "./contract-specs.js";

export { CONTRACT_SPECS } from "./contract-specs.js";

export interface StoreFixture {
  store: DocumentStore;
  cleanup(): Promise<void>;
}

/** `skipReason` set: the suite is declared but skipped, and says why. */
export function describeStoreContract(adapter: string, open: () => Promise<StoreFixture>, skipReason?: string): void {
  const title = skipReason ? `document store contract: ${adapter} (skipped: ${skipReason})` : `document store contract: ${adapter}`;
  describe.skipIf(skipReason !== undefined)(title, () => {
    let fixture: StoreFixture;
    let store: DocumentStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it("creates a document at version 1 and reads it back whole", async () => {
      const disputes = store.collection(DISPUTES);
      const stored = await disputes.put("d1", { centre: "JD01", amount: 500_00, state: "SUBMITTED", notes: ["a", "b"] }, 0);
      expect(stored.version).toBe(1);
      expect(await disputes.get("d1")).toEqual({
        id: "d1",
        version: 1,
        centre: "JD01",
        amount: 500_00,
        state: "SUBMITTED",
        notes: ["a", "b"],
      });
      expect(await disputes.get("missing")).toBeUndefined();
    });

    it("refuses to create a document that exists, and to replace a version that moved on", async () => {
      const disputes = store.collection(DISPUTES);
      await disputes.put("d1", { centre: "JD01", amount: 1, state: "SUBMITTED" }, 0);
      await expect(disputes.put("d1", { centre: "JD02", amount: 2, state: "SUBMITTED" }, 0)).rejects.toBeInstanceOf(VersionConflict);
      await disputes.put("d1", { centre: "JD01", amount: 1, state: "ROUTED" }, 1);
      await expect(disputes.put("d1", { centre: "JD01", amount: 1, state: "CLOSED" }, 1)).rejects.toThrow(/version 2, not 1/);
      expect((await disputes.get("d1"))?.state).toBe("ROUTED");
    });

    it("finds by declared fields with a range, a sort and a limit", async () => {
      const disputes = store.collection(DISPUTES);
      for (const [id, centre, amount] of [
        ["a", "JD01", 300],
        ["b", "JD01", 100],
        ["c", "JD02", 200],
        ["d", "JD01", 200],
        ["e", "JD01", 900],
      ] as const) {
        await disputes.put(id, { centre, amount, state: "SUBMITTED" }, 0);
      }
      const found = await disputes.find({
        where: { centre: "JD01" },
        range: { field: "amount", gte: 200, lt: 900 },
        sort: { field: "amount", order: "desc" },
      });
      expect(found.map((d) => d.id)).toEqual(["a", "d"]);
      const page = await disputes.find({ where: { centre: "JD01" }, range: { field: "id", gt: "a" }, sort: { field: "id" }, limit: 2 });
      expect(page.map((d) => d.id)).toEqual(["b", "d"]);
      expect(await disputes.count({ where: { centre: "JD01" } })).toBe(4);
    });

    it("refuses a query on a field that is not a declared index", async () => {
      const disputes = store.collection(DISPUTES);
      await expect(disputes.find({ where: { notes: "x" } })).rejects.toBeInstanceOf(UndeclaredIndex);
      expect(() => store.collection(defineCollection("undeclared", { indexes: [] }))).toThrow(UndeclaredIndex);
    });

    it("deletes a document at its version, and says when it was already gone", async () => {
      const disputes = store.collection(DISPUTES);
      await disputes.put("d1", { centre: "JD01", amount: 1, state: "SUBMITTED" }, 0);
      await expect(disputes.delete("d1", 2)).rejects.toBeInstanceOf(VersionConflict);
      expect(await disputes.delete("d1", 1)).toBe(true);
      expect(await disputes.get("d1")).toBeUndefined();
      expect(await disputes.delete("d1", 1)).toBe(false);
    });

    it("increments counters atomically, creating them on first use", async () => {
      const counters = store.collection(COUNTERS);
      await Promise.all(
        Array.from({ length: 20 }, () => counters.increment("2026-11", { received: 1 }, { label: "Nov", received: 0, closed: 0 })),
      );
      await counters.increment("2026-11", { closed: 2, received: 1 });
      expect(await counters.get("2026-11")).toMatchObject({ label: "Nov", received: 21, closed: 2 });
    });

    it("increments fields of any name, keeps the others, and moves the version on by one each time", async () => {
      const counters = store.collection(COUNTERS);
      const first = await counters.increment(
        "odd",
        { "ended:LABOUR/AGREEMENT": 2, received: 1 },
        { label: "odd names", received: 0, closed: 0 },
      );
      expect(first).toMatchObject({ id: "odd", version: 1, label: "odd names", received: 1, closed: 0, "ended:LABOUR/AGREEMENT": 2 });
      const second = await counters.increment("odd", { "ended:LABOUR/AGREEMENT": 3, closed: -1 });
      expect(second).toMatchObject({ version: 2, label: "odd names", received: 1, closed: -1, "ended:LABOUR/AGREEMENT": 5 });
      expect(await counters.get("odd")).toEqual(second);
    });

    it("adds fractions as JavaScript adds them", async () => {
      const counters = store.collection(COUNTERS);
      await counters.increment("sum", { received: 0.1 }, { label: "sum", received: 0, closed: 0 });
      expect((await counters.increment("sum", { received: 0.2 })).received).toBe(0.1 + 0.2);
      expect((await counters.increment("sum", { received: 1 })).received).toBe(0.1 + 0.2 + 1);
    });

    it("refuses to increment a field that is not a number and leaves the document as it was", async () => {
      const counters = store.collection(COUNTERS);
      await counters.put("named", { label: "Nov", received: 4, closed: 0 }, 0);
      await expect(counters.increment("named", { label: 1, received: 1 } as Record<string, number>)).rejects.toThrow(/label/);
      expect(await counters.get("named")).toEqual({ id: "named", version: 1, label: "Nov", received: 4, closed: 0 });
    });

    it("adds to counters without answering, creating them on first use", async () => {
      const counters = store.collection(COUNTERS);
      await counters.add("adds", { received: 2 }, { label: "adds", received: 0, closed: 0 });
      await store.transaction((tx) => tx.collection(COUNTERS).add("adds", { received: 1, closed: 1 }));
      expect(await counters.get("adds")).toMatchObject({ label: "adds", received: 3, closed: 1 });
    });

    it("adds to several counters in one call as add does, in order, and a transaction takes all of them back", async () => {
      const counters = store.collection(COUNTERS);
      const initial = (label: string) => ({ label, received: 0, closed: 0 });
      await counters.addAll([
        { id: "many-a", deltas: { received: 1 }, initial: initial("a") },
        { id: "many-b", deltas: { closed: 2 }, initial: initial("b") },
        { id: "many-a", deltas: { received: 2, closed: 1 } },
      ]);
      await store.transaction((tx) => tx.collection(COUNTERS).addAll([{ id: "many-b", deltas: { received: 5 } }]));
      expect(await counters.get("many-a")).toEqual({ id: "many-a", version: 2, label: "a", received: 3, closed: 1 });
      expect(await counters.get("many-b")).toEqual({ id: "many-b", version: 2, label: "b", received: 5, closed: 2 });
      // The second addition names a field that is not a number: the first is taken back with the transaction.
      const refused = [
        { id: "many-a", deltas: { received: 10 } },
        { id: "many-b", deltas: { label: 1 } as Record<string, number> },
      ];
      await expect(store.transaction((tx) => tx.collection(COUNTERS).addAll(refused))).rejects.toThrow(/label/);
      expect(await counters.get("many-a")).toMatchObject({ version: 2, received: 3 });
      await counters.addAll([]);
      expect(await counters.get("many-b")).toMatchObject({ version: 2, received: 5, closed: 2 });
    });

    it("commits a transaction's writes together", async () => {
      await store.transaction(async (tx) => {
        await tx.collection(DISPUTES).put("d1", { centre: "JD01", amount: 1, state: "SUBMITTED" }, 0);
        await tx.collection(OUTBOX).put("e1", { status: "PENDING" }, 0);
        await tx.collection(COUNTERS).increment("all", { received: 1 });
      });
      expect(await store.collection(DISPUTES).get("d1")).toBeDefined();
      expect(await store.collection(OUTBOX).count({ where: { status: "PENDING" } })).toBe(1);
      expect((await store.collection(COUNTERS).get("all"))?.received).toBe(1);
    });

    it("rolls back every write of a transaction that fails, and keeps what was stored", async () => {
      await store.collection(DISPUTES).put("d0", { centre: "JD01", amount: 1, state: "SUBMITTED" }, 0);
      await expect(
        store.transaction(async (tx) => {
          await tx.collection(DISPUTES).put("d1", { centre: "JD01", amount: 1, state: "SUBMITTED" }, 0);
          await tx.collection(COUNTERS).increment("all", { received: 1 });
          await tx.collection(DISPUTES).put("d0", { centre: "JD01", amount: 1, state: "CHANGED" }, 7);
        }),
      ).rejects.toBeInstanceOf(VersionConflict);
      expect(await store.collection(DISPUTES).get("d1")).toBeUndefined();
      expect(await store.collection(COUNTERS).get("all")).toBeUndefined();
      expect((await store.collection(DISPUTES).get("d0"))?.state).toBe("SUBMITTED");
    });

    it("serialises two transactions that read then write the same document: neither write is lost", async () => {
      const counters = store.collection(COUNTERS);
      await counters.put("guard", { label: "2026-11", received: 0, closed: 0 }, 0);
      let readDone: () => void = () => undefined;
      const firstRead = new Promise<void>((resolve) => {
        readDone = resolve;
      });
      let attempts = 0;
      // The reader reads the guard, lets the incrementer run and commit in between (where the
      // database allows it), then writes at the version it read: it must conflict and retry.
      const reader = store.transaction(async (tx) => {
        attempts++;
        const guard = await tx.collection(COUNTERS).get("guard");
        readDone();
        await Promise.race([incrementer, new Promise((resolve) => setTimeout(resolve, 100))]);
        await tx
          .collection(COUNTERS)
          .put("guard", { label: "2026-11", received: (guard?.received ?? 0) + 10, closed: 1 }, guard?.version ?? 0);
        return guard?.received;
      });
      const incrementer: Promise<unknown> = firstRead.then(() =>
        store.transaction((tx) => tx.collection(COUNTERS).increment("guard", { received: 1 })),
      );
      const [seen] = await Promise.all([reader, incrementer]);
      // A serial order: the reader first (saw 0, then +1) or the incrementer first (saw 1, retried).
      expect(await counters.get("guard")).toMatchObject({ received: 11, closed: 1 });
      expect(seen === 0 || (seen === 1 && attempts > 1)).toBe(true);
    });

    it("lets exactly one of two racing creators win", async () => {
      const attempt = (centre: string) =>
        store.transaction(async (tx) => {
          const disputes = tx.collection(DISPUTES);
          if (await disputes.get("race")) return "lost";
          await disputes.put("race", { centre, amount: 1, state: "SUBMITTED" }, 0);
          return "won";
        });
      const results = await Promise.allSettled([attempt("JD01"), attempt("JD02")]);
      const won = results.filter((r) => r.status === "fulfilled" && r.value === "won");
      expect(won).toHaveLength(1);
    });
  });
}
