import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineCollection, SqliteStore, VersionConflict } from "../src/index.js";

const THINGS = defineCollection<{ n: number; owner: string; open: boolean }>("things", {
  indexes: ["owner", "open"],
  compound: [["owner", "open"]],
});

describe("embedded SQLite group commit", () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteStore;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, "g.sqlite");
    store = SqliteStore.open(file, [THINGS]);
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const thing = (n: number) => ({ n, owner: "a", open: true });

  it("commits the transactions of a group together, and a failing one undoes only itself", async () => {
    await store.group(async () => {
      await store.transaction((tx) => tx.collection(THINGS).put("t1", thing(1), 0));
      await expect(
        store.transaction(async (tx) => {
          await tx.collection(THINGS).put("t2", thing(2), 0);
          throw new Error("this one fails");
        }),
      ).rejects.toThrow("this one fails");
      await store.collection(THINGS).put("t3", thing(3), 0);
    });
    const ids = (await store.collection(THINGS).find({ sort: { field: "id" } })).map((t) => t.id);
    expect(ids).toEqual(["t1", "t3"]);
  });

  it("stores nothing of a group that fails, and other writers wait for it", async () => {
    // Another caller (another async context, e.g. a gRPC request) writes while the group is open:
    // it must not slip into the group, but wait for it.
    let go = () => {};
    const gate = new Promise<void>((resolve) => {
      go = resolve;
    });
    const outside = gate.then(() => store.collection(THINGS).put("t9", thing(9), 0));
    await expect(
      store.group(async () => {
        await store.transaction((tx) => tx.collection(THINGS).put("t1", thing(1), 0));
        go();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("the group fails");
      }),
    ).rejects.toThrow("the group fails");
    await outside;
    const ids = (await store.collection(THINGS).find()).map((t) => t.id);
    expect(ids).toEqual(["t9"]);
  });

  it("keeps a group's writes after the store is closed and opened again", async () => {
    await store.group(async () => {
      for (let i = 0; i < 5; i++) await store.transaction((tx) => tx.collection(THINGS).put(`t${i}`, thing(i), 0));
    });
    await store.close();
    store = SqliteStore.open(file, [THINGS]);
    expect(await store.collection(THINGS).count()).toBe(5);
  });

  it("answers a query on two fields from their compound index", async () => {
    await store.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) await tx.collection(THINGS).put(`t${i}`, { n: i, owner: i % 2 ? "a" : "b", open: i < 4 }, 0);
    });
    expect(await store.collection(THINGS).count({ where: { owner: "a", open: true } })).toBe(2);
    const Database = (await import("better-sqlite3")).default;
    const raw = new Database(file, { readonly: true });
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT count(*) FROM "c_things" WHERE json_extract(doc, '$.owner') = ? AND json_extract(doc, '$.open') = ?`,
      )
      .all("a", 1) as Array<{ detail: string }>;
    raw.close();
    expect(plan.map((p) => p.detail).join(" ")).toMatch(/ix_things_owner_open/);
  });

  it("commits concurrent transactions together: each in its caller's context, a failing one rejected alone", async () => {
    const caller = new AsyncLocalStorage<string>();
    const seen: Array<[string, string | undefined]> = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        caller.run(`caller-${i}`, () =>
          store.transaction(async (tx) => {
            seen.push([`caller-${i}`, caller.getStore()]);
            await tx.collection(THINGS).put(`t${i}`, thing(i), 0);
            if (i === 7) throw new Error("caller 7 fails");
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([
      "caller 7 fails",
    ]);
    expect(await store.collection(THINGS).count()).toBe(19);
    expect(await store.collection(THINGS).get("t7")).toBeUndefined();
    for (const [expected, actual] of seen) expect(actual).toBe(expected);
  });

  it("commits transactions begun in separate callbacks of one turn of the event loop together, as requests arriving at once are", async () => {
    // Write-ahead log frames: one per page each commit writes. Twenty commits each rewrite the table's one
    // leaf page; one commit of all twenty writes it once.
    const frames = () => {
      const wal = join(dir.path, "g.sqlite-wal");
      return existsSync(wal) ? (statSync(wal).size - 32) / (4096 + 24) : 0;
    };
    await store.collection(THINGS).put("first", thing(0), 0);
    const before = frames();
    await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          new Promise<void>((resolve, reject) =>
            setImmediate(() => store.transaction((tx) => tx.collection(THINGS).put(`t${i}`, thing(i), 0)).then(() => resolve(), reject)),
          ),
      ),
    );
    expect(await store.collection(THINGS).count()).toBe(21);
    expect(frames() - before).toBeLessThan(10);
  });

  it("keeps a transaction's place in the queue while its batch waits for company: a read asked for after it sees its write", async () => {
    const write = store.transaction((tx) => tx.collection(THINGS).put("x", thing(1), 0));
    const read = store.collection(THINGS).get("x");
    expect(await read).toMatchObject({ id: "x", n: 1 });
    await write;
  });

  it("closes only after the transactions begun before it have committed", async () => {
    const writes = Array.from({ length: 5 }, (_, i) => store.transaction((tx) => tx.collection(THINGS).put(`t${i}`, thing(i), 0)));
    await store.close();
    await Promise.all(writes);
    store = SqliteStore.open(file, [THINGS]);
    expect(await store.collection(THINGS).count()).toBe(5);
  });

  it("drops at open the indexes of a collection that it no longer declares, and keeps the others", async () => {
    await store.collection(THINGS).put("t1", thing(1), 0);
    await store.close();
    const fewer = defineCollection<{ n: number; owner: string; open: boolean }>("things", { indexes: ["owner"] });
    store = SqliteStore.open(file, [fewer]);
    const raw = new Database(file, { readonly: true });
    const indexes = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'c_things' AND name LIKE 'ix_%' ORDER BY name")
      .pluck()
      .all();
    raw.close();
    expect(indexes).toEqual(["ix_things_owner"]);
    expect((await store.collection(fewer).find({ where: { owner: "a" } })).map((t) => t.id)).toEqual(["t1"]);
  });

  it("refuses a compound index over a field that is not declared", () => {
    const bad = defineCollection<{ a: string; b: string }>("bad", { indexes: ["a"], compound: [["a", "b"]] });
    expect(() => SqliteStore.open(join(dir.path, "bad.sqlite"), [bad])).toThrow(/compound index \[a, b\] in bad/);
  });
});

describe("a scratch store (a rebuild's read model)", () => {
  it("keeps no journal on disk beside the file (not WAL), and what its group commits is there", async () => {
    const dir = tempDir();
    const file = join(dir.path, "scratch.sqlite");
    const store = SqliteStore.open(file, [THINGS], { scratch: true });
    await store.group(async () => {
      for (const n of [1, 2, 3]) await store.transaction((tx) => tx.collection(THINGS).put(`t${n}`, { n, owner: "a", open: true }, 0));
    });
    expect(existsSync(`${file}-wal`)).toBe(false);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(db.prepare("SELECT count(*) AS n FROM c_things").get()).toEqual({ n: 3 });
    db.close();
    dir.remove();
  });
});

describe("a scratch store's group", () => {
  it("fails as a whole when one of its transactions fails, even if the caller went on, and stores nothing of it", async () => {
    const dir = tempDir();
    const store = SqliteStore.open(join(dir.path, "scratch.sqlite"), [THINGS], { scratch: true });
    const thing = (n: number) => ({ n, owner: "a", open: true });
    await store.collection(THINGS).put("before", thing(0), 0);
    await expect(
      store.group(async () => {
        await store.transaction((tx) => tx.collection(THINGS).put("t1", thing(1), 0));
        await store
          .transaction(async (tx) => {
            await tx.collection(THINGS).add("t1", { n: 5 });
            throw new Error("this one fails");
          })
          .catch(() => "the caller goes on");
        await store.transaction((tx) => tx.collection(THINGS).put("t3", thing(3), 0));
      }),
    ).rejects.toThrow("this one fails");
    expect((await store.collection(THINGS).find()).map((t) => [t.id, t.n])).toEqual([["before", 0]]);
    // Durable or not, a transaction of its own commits, and the store goes on.
    await store.transaction((tx) => tx.collection(THINGS).put("after", thing(4), 0), { durable: false });
    expect((await store.collection(THINGS).find({ sort: { field: "id" } })).map((t) => t.id)).toEqual(["after", "before"]);
    await store.close();
    dir.remove();
  });
});

describe("a scratch store, further", () => {
  it("fails its group when a transaction throws before it returns a promise, and keeps its journal off the disk", async () => {
    const dir = tempDir();
    const file = join(dir.path, "scratch.sqlite");
    const store = SqliteStore.open(file, [THINGS], { scratch: true });
    const UNDECLARED = defineCollection<{ n: number }>("undeclared", { indexes: [] });
    let journalOnDisk: boolean | undefined;
    await expect(
      store.group(async () => {
        await store.transaction((tx) => tx.collection(THINGS).put("a", { n: 1, owner: "a", open: true }, 0));
        journalOnDisk = existsSync(`${file}-journal`);
        try {
          await store.transaction((tx) => {
            // Not async: it throws instead of rejecting.
            tx.collection(UNDECLARED);
            return Promise.resolve();
          });
        } catch {
          // The caller goes on.
        }
      }),
    ).rejects.toThrow(/undeclared/);
    expect(journalOnDisk).toBe(false);
    expect(await store.collection(THINGS).find()).toEqual([]);
    await store.close();
    dir.remove();
  });
});

describe("a scratch store's group, holding documents read and written by id", () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteStore;
  const thing = (n: number) => ({ n, owner: "a", open: true });
  const rowsInTable = () =>
    (store as unknown as { db: Database.Database }).db.prepare(`SELECT id, version FROM "c_things" ORDER BY id`).all() as Array<{
      id: string;
      version: number;
    }>;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, "held.sqlite");
    store = SqliteStore.open(file, [THINGS], { scratch: true });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it("answers each get with the group's last put, writes each document once, at commit, with its versions counted", async () => {
    await store.collection(THINGS).put("old", thing(0), 0);
    await store.group(async () => {
      for (let n = 1; n <= 3; n++)
        await store.transaction(async (tx) => {
          const things = tx.collection(THINGS);
          const [made, old] = [await things.get("new"), await things.get("old")];
          await things.put("new", thing(n), made?.version ?? 0);
          await things.put("old", thing(10 * n), old?.version ?? 0);
        });
      expect(await store.collection(THINGS).get("new")).toEqual({ id: "new", version: 3, ...thing(3) });
      expect(await store.collection(THINGS).get("gone")).toBeUndefined();
      // Held, not written: the table still has what it had before the group.
      expect(rowsInTable()).toEqual([{ id: "old", version: 1 }]);
    });
    expect(rowsInTable()).toEqual([
      { id: "new", version: 3 },
      { id: "old", version: 4 },
    ]);
    expect(await store.collection(THINGS).get("old")).toEqual({ id: "old", version: 4, ...thing(30) });
  });

  it("refuses a put at a version it no longer holds, and a create of a document it holds", async () => {
    await expect(
      store.group(async () => {
        const things = store.collection(THINGS);
        await things.put("t", thing(1), 0);
        await expect(things.put("t", thing(2), 0)).rejects.toThrow(VersionConflict);
        await things.put("t", thing(2), 1);
        await expect(things.put("t", thing(3), 1)).rejects.toThrow(VersionConflict);
        throw new Error("the group fails");
      }),
    ).rejects.toThrow("the group fails");
    // What it held went with it.
    expect(rowsInTable()).toEqual([]);
    expect(await store.collection(THINGS).get("t")).toBeUndefined();
  });

  it("writes what it holds before a query, a delete or an addition reaches the table, and additions apply on top of a put", async () => {
    await store.group(async () => {
      const things = store.collection(THINGS);
      await things.put("a", thing(1), 0);
      await things.put("b", { n: 2, owner: "b", open: true }, 0);
      expect((await things.find({ where: { owner: "a" } })).map((t) => [t.id, t.n])).toEqual([["a", 1]]);
      await things.put("a", thing(5), 1);
      await things.add("a", { n: 100 });
      expect(await things.get("a")).toMatchObject({ n: 105, version: 3 });
      await things.put("a", thing(7), 3);
      await things.add("a", { n: 1 });
      await things.put("b", { n: 3, owner: "b", open: true }, 1);
      expect(await things.delete("b", 2)).toBe(true);
      // Nothing between these and the commit: the put is written first, the addition on top of it.
      await things.put("c", thing(1), 0);
      await things.add("c", { n: 2 });
    });
    expect(rowsInTable()).toEqual([
      { id: "a", version: 5 },
      { id: "c", version: 2 },
    ]);
    expect(await store.collection(THINGS).get("a")).toMatchObject({ n: 8 });
    expect(await store.collection(THINGS).get("c")).toMatchObject({ n: 3 });
  });

  it("keeps a document whose write failed held, so that the group fails at its commit even if the caller went on", async () => {
    const db = (store as unknown as { db: Database.Database }).db;
    await expect(
      store.group(async () => {
        const things = store.collection(THINGS);
        await things.put("x", thing(1), 0);
        // A row the group did not expect (its write out then fails as a conflict).
        db.prepare(`INSERT INTO "c_things" (id, version, doc) VALUES ('x', 1, '{}')`).run();
        await expect(things.find()).rejects.toThrow(VersionConflict);
      }),
    ).rejects.toThrow(VersionConflict);
    expect(rowsInTable()).toEqual([]);
  });
});
