// The sync of a commit off the event loop (src/wal-sync.ts). The operating system's fsync is the one
// thing replaced here, to hold it open or make it fail; the database and its log are real files.
import { existsSync, fstatSync, statSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineCollection, SqliteStore } from "../src/index.js";
import { heldSync, settled } from "./fixtures/held-sync.js";

const THINGS = defineCollection<{ n: number }>("things", { indexes: ["n"] });
/** No checkpoint (wal-checkpoint.test.ts): every fsync counted here is of the log. */
const LOG_ONLY = { everyMs: Number.POSITIVE_INFINITY, everyCommits: Number.POSITIVE_INFINITY, restartFrames: Number.POSITIVE_INFINITY };

const turnsOfTheLoop = () => new Promise((resolve) => setTimeout(resolve, 20));
const synchronous = (store: SqliteStore) => (store as unknown as { db: Database.Database }).db.pragma("synchronous", { simple: true });

describe("embedded SQLite: a commit is synced after it, off the event loop and off the connection", () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteStore | undefined;

  beforeEach(() => {
    dir = tempDir("store-sync-");
    file = join(dir.path, "s.sqlite");
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    dir.remove();
  });

  /** Opens the store with a held fsync, and commits a put of "a" whose sync is then under way. */
  const aCommitBeingSynced = async () => {
    const sync = heldSync();
    const open = SqliteStore.open(file, [THINGS], { syncFile: sync.syncFile, checkpoints: LOG_ONLY });
    store = open;
    const first = sync.nextCall();
    const written = open.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0));
    await first;
    return { sync, open, written };
  };

  it("answers a durable transaction only once its log is synced, and a read outside a transaction no sooner", async () => {
    const { sync, open, written } = await aCommitBeingSynced();
    const writing = settled(written);
    // The sync is of the database's log, and the commit waits for it while the loop goes on.
    expect(fstatSync(sync.calls[0]?.fd as number).ino).toBe(statSync(`${file}-wal`).ino);
    await turnsOfTheLoop();
    expect(writing.done).toBe(false);
    // A read sees the commit, but what it read does not leave before the commit is on disk.
    const read = open.collection(THINGS).get("a");
    const reading = settled(read);
    await turnsOfTheLoop();
    expect(reading.done).toBe(false);

    sync.calls[0]?.finish();
    await written;
    expect((await read)?.n).toBe(1);
    expect(sync.calls).toHaveLength(1);
  });

  it("lets the next transaction run while a commit is synced, and answers it after a sync that covers it", async () => {
    const { sync, open, written: a } = await aCommitBeingSynced();
    let ranMeanwhile = false;
    const b = open.transaction(async (tx) => {
      ranMeanwhile = sync.calls.length === 1;
      // It may read what the first committed: it is answered only after that is on disk too.
      const seen = await tx.collection(THINGS).get("a");
      await tx.collection(THINGS).put("b", { n: (seen?.n ?? 0) + 1 }, 0);
    });
    const answeringB = settled(b);
    await turnsOfTheLoop();
    expect(ranMeanwhile).toBe(true);
    // One fsync at a time: the second waits for the first to end.
    expect(sync.calls).toHaveLength(1);
    const second = sync.nextCall();
    sync.calls[0]?.finish();
    await a;
    await second;
    await turnsOfTheLoop();
    expect(answeringB.done).toBe(false);
    sync.calls[1]?.finish();
    await b;
    expect((await open.collection(THINGS).get("b"))?.n).toBe(2);
    expect(sync.calls).toHaveLength(2);
  });

  it("covers with one fsync every commit made while another was under way", async () => {
    const { sync, open, written: a } = await aCommitBeingSynced();
    const b = open.transaction((tx) => tx.collection(THINGS).put("b", { n: 2 }, 0));
    await turnsOfTheLoop();
    const c = open.group(() => open.transaction((tx) => tx.collection(THINGS).put("c", { n: 3 }, 0)));
    await turnsOfTheLoop();
    expect(sync.calls).toHaveLength(1);
    const second = sync.nextCall();
    sync.calls[0]?.finish();
    await a;
    await second;
    sync.calls[1]?.finish();
    await Promise.all([b, c]);
    expect(sync.calls).toHaveLength(2);
  });

  it("commits with the disk's sync left out of COMMIT, and is back at full sync for a write outside a transaction", async () => {
    const sync = heldSync();
    store = SqliteStore.open(file, [THINGS], { syncFile: sync.syncFile, checkpoints: LOG_ONLY });
    const open = store;
    let during = 0;
    const first = sync.nextCall();
    const written = open.transaction(async (tx) => {
      await tx.collection(THINGS).put("a", { n: 1 }, 0);
      during = synchronous(open) as number;
    });
    await first;
    // NORMAL (1) while the batch runs and commits; FULL (2) again while its log is synced.
    expect(during).toBe(1);
    expect(synchronous(open)).toBe(2);
    sync.calls[0]?.finish();
    await written;
    expect(synchronous(open)).toBe(2);
  });

  it("answers an error of a write outside a transaction (a version conflict) only after the sync under way", async () => {
    const { sync, open, written } = await aCommitBeingSynced();
    // The conflict tells of the commit above (version 1): it must not leave before that is on disk.
    const conflict = open.collection(THINGS).put("a", { n: 5 }, 0);
    const conflicting = settled(conflict);
    await turnsOfTheLoop();
    expect(conflicting.done).toBe(false);
    sync.calls[0]?.finish();
    await written;
    await expect(conflict).rejects.toThrow(/version/i);
  });

  it("answers a batch of non-durable transactions after the sync under way, without one of its own", async () => {
    const { sync, open, written } = await aCommitBeingSynced();
    const lazy = open.transaction(async (tx) => (await tx.collection(THINGS).get("a"))?.n, { durable: false });
    const answering = settled(lazy);
    await turnsOfTheLoop();
    expect(answering.done).toBe(false);
    sync.calls[0]?.finish();
    await written;
    expect(await lazy).toBe(1);
    expect(sync.calls).toHaveLength(1);
  });

  it("closes only once the sync under way has ended, answering its callers first", async () => {
    const { sync, open, written } = await aCommitBeingSynced();
    const closed = open.close();
    const closing = settled(closed);
    await turnsOfTheLoop();
    expect(closing.done).toBe(false);
    sync.calls[0]?.finish();
    await written;
    await closed;
    const reopened = SqliteStore.open(file, [THINGS]);
    expect((await reopened.collection(THINGS).get("a"))?.n).toBe(1);
    await reopened.close();
  });

  it("has nothing to sync in memory", async () => {
    const sync = heldSync();
    store = SqliteStore.open(":memory:", [THINGS], { syncFile: sync.syncFile, checkpoints: LOG_ONLY });
    await store.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0));
    expect((await store.collection(THINGS).get("a"))?.n).toBe(1);
    expect(sync.calls).toHaveLength(0);
  });

  it("syncs a group's commit (a consumer's batch) before the group resolves", async () => {
    const sync = heldSync();
    store = SqliteStore.open(file, [THINGS], { syncFile: sync.syncFile, checkpoints: LOG_ONLY });
    const open = store;
    const first = sync.nextCall();
    const group = open.group(async () => {
      await open.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0));
      await open.transaction((tx) => tx.collection(THINGS).put("b", { n: 2 }, 0));
    });
    const grouping = settled(group);
    await first;
    await turnsOfTheLoop();
    expect(grouping.done).toBe(false);
    sync.calls[0]?.finish();
    await group;
    expect(sync.calls).toHaveLength(1);
    expect(await open.collection(THINGS).count()).toBe(2);
  });

  it("does not sync a batch of non-durable transactions", async () => {
    const sync = heldSync();
    store = SqliteStore.open(file, [THINGS], { syncFile: sync.syncFile, checkpoints: LOG_ONLY });
    await store.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0), { durable: false });
    expect(sync.calls).toHaveLength(0);
    expect(synchronous(store)).toBe(2);
  });

  it("fails the callers of a commit whose sync failed, and every durable commit after it", async () => {
    const { sync, open, written } = await aCommitBeingSynced();
    sync.calls[0]?.fail(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
    await expect(written).rejects.toThrow(
      /did not keep a commit of .*s\.sqlite \(fsync of its log failed: EIO.*stop the service, check the disk/,
    );
    // A later fsync could succeed without the lost pages: nothing more is committed, nor read.
    let ran = false;
    await expect(
      open.transaction(async (tx) => {
        ran = true;
        await tx.collection(THINGS).put("b", { n: 2 }, 0);
      }),
    ).rejects.toThrow(/did not keep a commit/);
    await expect(open.group(async () => undefined)).rejects.toThrow(/did not keep a commit/);
    await expect(open.collection(THINGS).get("a")).rejects.toThrow(/did not keep a commit/);
    expect(ran).toBe(false);
    expect(sync.calls).toHaveLength(1);
    // Closing keeps the log, which SQLite would otherwise copy into the database and delete.
    await open.close();
    store = undefined;
    expect(existsSync(`${file}-wal`)).toBe(true);
  });

  it("syncs with the operating system's fsync by default, and what it acknowledged is there after a reopen", async () => {
    store = SqliteStore.open(file, [THINGS]);
    await store.transaction((tx) => tx.collection(THINGS).put("a", { n: 1 }, 0));
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    store = SqliteStore.open(file, [THINGS]);
    expect((await store.collection(THINGS).get("a"))?.n).toBe(1);
  });
});
