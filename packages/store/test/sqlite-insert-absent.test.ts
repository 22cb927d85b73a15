// SqliteCollection.insertAbsent: many documents created in a few statements, those already there
// left as they were — how a rebuild records a batch of events as applied at once.
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineCollection, SqliteStore } from "../src/index.js";

const APPLIED = defineCollection<{ type: string }>("applied", { indexes: [] });

describe("inserting the documents a collection does not hold yet", () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;

  beforeEach(() => {
    dir = tempDir("insert-absent-");
    store = SqliteStore.open(join(dir.path, "s.sqlite"), [APPLIED], { scratch: true });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it("creates the absent ones at version 1 and answers their ids; one already there, or named twice, is kept as first written", async () => {
    await store.collection(APPLIED).put("e2", { type: "before" }, 0);
    const inserted = await store
      .collection(APPLIED)
      .insertAbsent(["e1", "e2", "e3", "e1"].map((id, i) => ({ id, doc: { type: `call-${i}` } })));
    expect([...inserted].sort()).toEqual(["e1", "e3"]);
    const stored = await store.collection(APPLIED).find({ sort: { field: "id" } });
    expect(stored.map((d) => [d.id, d.type, d.version])).toEqual([
      ["e1", "call-0", 1],
      ["e2", "before", 1],
      ["e3", "call-2", 1],
    ]);
  });

  it("takes more documents than one statement holds", async () => {
    const ids = Array.from({ length: 1_203 }, (_, i) => `e${i}`);
    for (const id of ["e0", "e600", "e1202"]) await store.collection(APPLIED).put(id, { type: "before" }, 0);
    const inserted = await store.collection(APPLIED).insertAbsent(ids.map((id) => ({ id, doc: { type: "new" } })));
    expect(inserted.size).toBe(1_200);
    expect(inserted.has("e600")).toBe(false);
    expect(inserted.has("e1201")).toBe(true);
    expect(await store.collection(APPLIED).count()).toBe(1_203);
  });

  it("stores none of them when a later statement fails, also outside a group", async () => {
    const docs: Array<{ id: string; doc: { type: string } }> = Array.from({ length: 300 }, (_, i) => ({
      id: `e${i}`,
      doc: { type: "new" },
    }));
    // JSON cannot hold a BigInt: the second statement's documents fail after the first statement ran.
    (docs[280] as { doc: { type: unknown } }).doc.type = 1n;
    await expect(store.collection(APPLIED).insertAbsent(docs)).rejects.toThrow(/BigInt/);
    expect(await store.collection(APPLIED).count()).toBe(0);
  });

  it("inside a group that fails, stores nothing", async () => {
    await expect(
      store.group(async () => {
        await store.collection(APPLIED).insertAbsent([{ id: "e1", doc: { type: "new" } }]);
        throw new Error("the group fails");
      }),
    ).rejects.toThrow("the group fails");
    expect(await store.collection(APPLIED).count()).toBe(0);
  });
});
