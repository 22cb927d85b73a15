// The copy of the log into the database file, off the event loop (src/wal-checkpoint.ts). The fsync is
// the one thing replaced, where a test holds it open or makes it fail; the database, its log and
// SQLite's checkpoint are real.
import { existsSync, fstatSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineCollection, SqliteStore } from "../src/index.js";
import { heldSync, settled } from "./fixtures/held-sync.js";

const THINGS = defineCollection<{ n: number; text?: string }>("things", { indexes: ["n"] });
const OTHERS = defineCollection<{ text: string }>("others", { indexes: [] });
/** A checkpoint at every commit when none is under way. */
const EVERY_COMMIT = { everyMs: 0, everyCommits: 1, restartFrames: Number.POSITIVE_INFINITY };
const NONE = { everyMs: Number.POSITIVE_INFINITY, everyCommits: Number.POSITIVE_INFINITY, restartFrames: Number.POSITIVE_INFINITY };
const turnsOfTheLoop = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("embedded SQLite: the log is copied into the database off the event loop, only once synced", () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteStore | undefined;

  beforeEach(() => {
    dir = tempDir("store-checkpoint-");
    file = join(dir.path, "s.sqlite");
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    dir.remove();
  });

  /** Whether the database file by itself (without its log) holds `text`: what checkpoints copied. */
  const databaseFileHolds = (text: string) => readFileSync(file).includes(Buffer.from(text));
  /** The log's checkpoint sequence number (its header's bytes 12–15), which SQLite raises when it starts the log over. */
  const logStartedOver = () => readFileSync(`${file}-wal`).readUInt32BE(12);

  it("copies into the database file only commits whose log is synced, and syncs the file off the store's queue", async () => {
    const sync = heldSync();
    store = SqliteStore.open(file, [THINGS, OTHERS], { syncFile: sync.syncFile, checkpoints: EVERY_COMMIT });
    const open = store;
    const logSync = sync.nextCall();
    const a = open.transaction((tx) => tx.collection(THINGS).put("a", { n: 1, text: "marker of a" }, 0));
    await logSync;
    const logFd = sync.calls[0]?.fd;
    // "b" commits while "a"'s sync is held: the checkpoint begun at "a" must not copy it.
    const b = open.transaction((tx) => tx.collection(OTHERS).put("b", { text: "marker of b" }, 0));
    await turnsOfTheLoop();
    expect(sync.calls).toHaveLength(1);

    sync.calls[0]?.finish();
    await a;
    // "b"'s log sync, and the database file's sync after the copy, both begin.
    while (sync.calls.length < 3) await turnsOfTheLoop();
    const databaseSync = sync.calls.find((call) => call.fd !== logFd);
    const bLogSync = sync.calls.find((call, i) => i > 0 && call.fd === logFd);
    expect(databaseSync).toBeDefined();
    expect(databaseFileHolds("marker of a")).toBe(true);
    expect(databaseFileHolds("marker of b")).toBe(false);

    // While the database file's sync is held, the store commits and answers as ever.
    bLogSync?.finish();
    await b;
    const c = open.transaction((tx) => tx.collection(THINGS).put("c", { n: 3 }, 0));
    while (sync.calls.length < 4) await turnsOfTheLoop();
    sync.calls[3]?.finish();
    await c;
    databaseSync?.finish();
    expect(await open.collection(THINGS).count()).toBe(2);
    // Once synced, "b" is copied by a later checkpoint.
    const later = open.transaction((tx) => tx.collection(THINGS).put("d", { n: 4 }, 0));
    while (sync.calls.length < 6) {
      for (const call of sync.calls) call.finish();
      await turnsOfTheLoop();
    }
    for (const call of sync.calls) call.finish();
    await later;
    expect(databaseFileHolds("marker of b")).toBe(true);
  });

  it("copies nothing another store on the file (the keys command beside the service) has not synced, and starts no log over before the database is synced", async () => {
    const sync = heldSync();
    const beside = heldSync();
    store = SqliteStore.open(file, [THINGS, OTHERS], {
      syncFile: sync.syncFile,
      checkpoints: { everyMs: 0, everyCommits: 1, restartFrames: 1 },
    });
    const open = store;
    const other = SqliteStore.open(file, [THINGS, OTHERS], { syncFile: beside.syncFile, checkpoints: NONE });
    const callsOf = async (held: ReturnType<typeof heldSync>, n: number) => {
      while (held.calls.length < n) await turnsOfTheLoop();
      return held.calls[n - 1];
    };
    const a = open.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0));
    const logFd = (await callsOf(sync, 1))?.fd;
    // "b" is committed by the other store, its sync held, while this store's first checkpoint runs.
    const b = other.transaction((tx) => tx.collection(OTHERS).put("b", { text: "marker of b" }, 0));
    await callsOf(beside, 1);
    sync.calls[0]?.finish();
    await a;
    // The first checkpoint's database sync; then the log holds enough to be emptied.
    (await callsOf(sync, 2))?.finish();
    // Before the rest is copied, the log is synced again: "b" is in it, and its own store's sync has not ended.
    const again = await callsOf(sync, 3);
    expect(again?.fd).toBe(logFd);
    expect(databaseFileHolds("marker of b")).toBe(false);
    again?.finish();
    await callsOf(sync, 4);
    expect(databaseFileHolds("marker of b")).toBe(true);
    // While the database's sync is held, a write of the other store appends to the log: it is not started over.
    beside.calls[0]?.finish();
    await b;
    const started = logStartedOver();
    const d = other.transaction((tx) => tx.collection(OTHERS).put("d", { text: "d" }, 0));
    await callsOf(beside, 2);
    expect(logStartedOver()).toBe(started);
    for (const call of [...sync.calls, ...beside.calls]) call.finish();
    await d;
    await other.close();
  });

  it("keeps the log small under steady writes, and every write is there after a reopen", async () => {
    store = SqliteStore.open(file, [THINGS], { checkpoints: { everyMs: 0, everyCommits: 1, restartFrames: 100 } });
    const open = store;
    const text = "x".repeat(3000);
    const writes = 1504;
    // Eight writers at a time, so that a write arrives during every sync: the log empties only
    // when the store pauses for it.
    for (let i = 0; i < writes; i += 8) {
      await Promise.all(
        Array.from({ length: 8 }, (_, j) => open.transaction((tx) => tx.collection(THINGS).put(`t${i + j}`, { n: i + j, text }, 0))),
      );
    }
    const logBytes = statSync(`${file}-wal`).size;
    // About 4.5 MB of documents written; without its copies the log would hold all of it.
    expect(logBytes).toBeLessThan(1_500_000);
    await open.close();
    store = SqliteStore.open(file, [THINGS]);
    expect(await store.collection(THINGS).count()).toBe(writes);
    expect((await store.collection(THINGS).get("t1503"))?.n).toBe(1503);
    const check = new Database(file, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
  });

  const EIO = () => Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
  const FAILED = /did not keep a checkpoint of .*s\.sqlite \(fsync of the database file failed: EIO.*stop the service, check the disk/;

  /** A store whose first checkpoint copied the whole log and holds its database sync: the store's calls. */
  const aCheckpointBeingSynced = async () => {
    const sync = heldSync();
    const open = SqliteStore.open(file, [THINGS], { syncFile: sync.syncFile, checkpoints: EVERY_COMMIT });
    store = open;
    const logSync = sync.nextCall();
    const a = open.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0));
    await logSync;
    const databaseSync = sync.nextCall();
    sync.calls[0]?.finish();
    await a;
    await databaseSync;
    return { sync, open, databaseSync: sync.calls[1] };
  };

  it("fails the store, as a failed sync of its log does, when the database file's sync fails: nothing more is committed", async () => {
    const { open, databaseSync } = await aCheckpointBeingSynced();
    const started = logStartedOver();
    // A transaction already under way when the sync fails: it must not commit (its commit would
    // start the log over, and the log holds the only copy on disk of what the database lost).
    let letItWrite: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (letItWrite = resolve));
    const underWay = open.transaction(async (tx) => {
      await gate;
      await tx.collection(THINGS).put("b", { n: 2 }, 0);
    });
    await turnsOfTheLoop();
    databaseSync?.fail(EIO());
    await turnsOfTheLoop();
    letItWrite();
    await expect(underWay).rejects.toThrow(FAILED);
    // Nor a transaction after it, nor a write outside any transaction, nor a read.
    let ran = false;
    await expect(
      open.transaction(async (tx) => {
        ran = true;
        await tx.collection(THINGS).put("c", { n: 3 }, 0);
      }),
    ).rejects.toThrow(FAILED);
    expect(ran).toBe(false);
    await expect(open.collection(THINGS).put("d", { n: 4 }, 0)).rejects.toThrow(FAILED);
    await expect(open.collection(THINGS).get("a")).rejects.toThrow(FAILED);
    expect(logStartedOver()).toBe(started);

    // Closing keeps the log: SQLite would otherwise copy it into the database once more, finding
    // nothing left to copy, and delete it.
    await open.close();
    store = undefined;
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(logStartedOver()).toBe(started);
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT id FROM c_things ORDER BY id").pluck().all()).toEqual(["a"]);
    after.close();
  });

  it("keeps the failed store's pin, so that another store on the file starts no log over either", async () => {
    const { open, databaseSync } = await aCheckpointBeingSynced();
    const other = SqliteStore.open(file, [THINGS], { checkpoints: NONE });
    databaseSync?.fail(EIO());
    await turnsOfTheLoop();
    await expect(open.collection(THINGS).get("a")).rejects.toThrow(FAILED);
    const started = logStartedOver();
    // The whole log is copied: without the pin, this write would start it over.
    await other.transaction((tx) => tx.collection(THINGS).put("e", { n: 5 }, 0));
    expect(logStartedOver()).toBe(started);
    await other.close();
  });

  it("copies what writes outside any transaction committed, which come with no transaction's commit", async () => {
    store = SqliteStore.open(file, [THINGS], { checkpoints: { everyMs: 10, everyCommits: Number.POSITIVE_INFINITY, restartFrames: 50 } });
    const things = store.collection(THINGS);
    const text = "x".repeat(3000);
    for (let i = 0; i < 600; i++) {
      await things.put(`t${i}`, { n: i, text }, 0);
      if (i % 20 === 0) await turnsOfTheLoop();
    }
    // About 1.8 MB of documents written, and more of indexes; the log was emptied as it went.
    expect(statSync(`${file}-wal`).size).toBeLessThan(1_000_000);
    expect(await things.count()).toBe(600);
  });

  it("after a failed sync, closes the log's file only once the fsync of it under way has ended", async () => {
    const { sync, open, databaseSync } = await aCheckpointBeingSynced();
    // A commit whose log fsync is under way when the database's sync fails.
    const b = open.transaction((tx) => tx.collection(THINGS).put("b", { n: 2 }, 0));
    const logSync = await (async () => {
      while (sync.calls.length < 3) await turnsOfTheLoop();
      return sync.calls[2];
    })();
    databaseSync?.fail(EIO());
    const closing = settled(open.close());
    store = undefined;
    await turnsOfTheLoop();
    // Closed now, its number could be given to another file before that fsync runs.
    expect(closing.done).toBe(false);
    expect(() => fstatSync(logSync?.fd as number)).not.toThrow();
    logSync?.finish();
    await b.catch(() => undefined);
    while (!closing.done) await turnsOfTheLoop();
  });

  it("closes once the checkpoint under way has ended", async () => {
    const { open, databaseSync } = await aCheckpointBeingSynced();
    const closing = settled(open.close());
    await turnsOfTheLoop();
    expect(closing.done).toBe(false);
    databaseSync?.finish();
    while (!closing.done) await turnsOfTheLoop();
    store = SqliteStore.open(file, [THINGS]);
    expect((await store.collection(THINGS).get("a"))?.n).toBe(1);
  });
});
