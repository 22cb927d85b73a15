// Additions gathered in a group (Collection.add): written once per document, seen by any read in
// the group, taken back with the transaction that made them, kept when a later transaction that
// wrote them for a read fails. On the real embedded store.
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineCollection, SqliteStore } from "../src/index.js";

const TALLIES = defineCollection<{ label: string; a: number; b: number }>("tallies", { indexes: ["label"] });

describe("additions in a group", () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  beforeEach(() => {
    dir = tempDir();
    store = SqliteStore.open(join(dir.path, "adds.sqlite"), [TALLIES]);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const initial = { label: "t", a: 0, b: 0 };
  const addIn = (deltas: Record<string, number>, fail = false) =>
    store.transaction(async (tx) => {
      await tx.collection(TALLIES).add("t", deltas, initial);
      if (fail) throw new Error("this one fails");
    });

  it("are written once per document when the group commits", async () => {
    await store.group(async () => {
      for (let i = 0; i < 50; i++) await addIn({ a: 1, b: 2 });
      // Nothing read in between: nothing written yet.
      expect(
        (store as unknown as { db: { prepare(sql: string): { get(): unknown } } }).db.prepare(`SELECT count(*) n FROM "c_tallies"`).get(),
      ).toEqual({ n: 0 });
    });
    expect(await store.collection(TALLIES).get("t")).toEqual({ id: "t", version: 1, label: "t", a: 50, b: 100 });
  });

  it("are seen by a read in the group, and a failing transaction takes back only its own", async () => {
    await store.group(async () => {
      await addIn({ a: 1 });
      await expect(addIn({ a: 100 }, true)).rejects.toThrow("this one fails");
      await addIn({ b: 5 });
      expect(await store.collection(TALLIES).get("t")).toMatchObject({ a: 1, b: 5 });
      await addIn({ a: 1 });
    });
    expect(await store.collection(TALLIES).get("t")).toMatchObject({ a: 2, b: 5, version: 2 });
  });

  it("made before a transaction that wrote them for its read and then failed are kept", async () => {
    await store.group(async () => {
      await addIn({ a: 1 });
      await expect(
        store.transaction(async (tx) => {
          await tx.collection(TALLIES).add("t", { b: 7 }, initial);
          // This read writes the group's additions inside this transaction's savepoint, which then rolls back.
          expect(await tx.collection(TALLIES).get("t")).toMatchObject({ a: 1, b: 7 });
          throw new Error("this one fails");
        }),
      ).rejects.toThrow("this one fails");
      expect(await store.collection(TALLIES).get("t")).toMatchObject({ a: 1, b: 0 });
    });
    expect(await store.collection(TALLIES).get("t")).toMatchObject({ a: 1, b: 0 });
  });

  it("are gone with a group that fails", async () => {
    await expect(
      store.group(async () => {
        await addIn({ a: 1 });
        throw new Error("the whole group fails");
      }),
    ).rejects.toThrow("the whole group fails");
    expect(await store.collection(TALLIES).get("t")).toBeUndefined();
  });

  it("of a field that is not a number fail the group at its commit, and nothing of it is stored", async () => {
    await store.collection(TALLIES).put("t", { ...initial, label: "t" }, 0);
    await expect(
      store.group(async () => {
        await store.collection(TALLIES).put("u", { ...initial, label: "u" }, 0);
        await addIn({ label: 1 } as Record<string, number>);
      }),
    ).rejects.toThrow(/tallies\/t\.label is not a number/);
    expect(await store.collection(TALLIES).get("u")).toBeUndefined();
    expect(await store.collection(TALLIES).get("t")).toMatchObject({ version: 1, a: 0 });
  });

  it("outside a group are increments, written at once", async () => {
    await store.collection(TALLIES).add("t", { a: 3 }, initial);
    await addIn({ a: 1 });
    expect(await store.collection(TALLIES).get("t")).toMatchObject({ a: 4, version: 2 });
  });

  it("in a scratch store's group (nothing there is undone alone) are summed and written once as well", async () => {
    const scratch = SqliteStore.open(join(dir.path, "scratch.sqlite"), [TALLIES], { scratch: true });
    try {
      await scratch.group(async () => {
        for (let i = 0; i < 30; i++) await scratch.transaction((tx) => tx.collection(TALLIES).add("t", { a: 1, b: 2 }, initial));
        expect(await scratch.collection(TALLIES).get("t")).toMatchObject({ a: 30, b: 60, version: 1 });
        for (let i = 0; i < 20; i++) await scratch.transaction((tx) => tx.collection(TALLIES).add("t", { a: 1 }, initial));
      });
      expect(await scratch.collection(TALLIES).get("t")).toEqual({ id: "t", version: 2, label: "t", a: 50, b: 60 });
    } finally {
      await scratch.close();
    }
  });

  it("made many at a time (addAll) are gathered as each alone: summed per document, and a failing transaction takes back all of its own", async () => {
    const addAllIn = (fail = false) =>
      store.transaction(async (tx) => {
        await tx.collection(TALLIES).addAll([
          { id: "t", deltas: { a: 1 }, initial },
          { id: "u", deltas: { b: 2 }, initial: { ...initial, label: "u" } },
          { id: "t", deltas: { b: 1 } },
        ]);
        if (fail) throw new Error("this one fails");
      });
    await store.group(async () => {
      for (let i = 0; i < 10; i++) await addAllIn();
      await expect(addAllIn(true)).rejects.toThrow("this one fails");
    });
    expect(await store.collection(TALLIES).get("t")).toEqual({ id: "t", version: 1, label: "t", a: 10, b: 10 });
    expect(await store.collection(TALLIES).get("u")).toEqual({ id: "u", version: 1, label: "u", a: 0, b: 20 });
  });
});
