// The embedded default (docs/architecture.md#stores): SQLite through better-sqlite3, in WAL mode, each
// commit synced to disk before it is acknowledged, so that it survives `kill -9` and a crash of the
// machine (a scratch store excepted: see open()). The sync runs off the event loop (wal-sync.ts).
// A table per collection, the document as JSON, and an expression index per declared field (an
// undeclared one is dropped at open). One store, one connection, per database file.
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { CommitQueue } from "./commit-queue.js";
import { Declared, indexesToBuild } from "./declared.js";
import { HeldDocuments } from "./held-documents.js";
import { PendingAdds } from "./pending-adds.js";
import type { CollectionSpec, Collections, DocumentStore, TransactionOptions } from "./port.js";
import { type GroupWrites, SqliteCollection } from "./sqlite-collection.js";
import { column, table } from "./statements.js";
import { Turns } from "./turns.js";
import { type CheckpointPolicy, WalCheckpoints } from "./wal-checkpoint.js";
import { type SyncFile, WalSync } from "./wal-sync.js";

/** Where a commit that took `thresholdMs` or longer is told (the service logs it). */
export interface SlowCommits {
  thresholdMs: number;
  report(ms: number): void;
}

/**
 * An open group (see group()): its gathered additions, and in a scratch store the documents it holds
 * (held-documents.ts) and the first transaction that failed in it.
 */
interface Group extends GroupWrites {
  open: boolean;
  failed?: { error: unknown };
}

/** Inside a transaction's turn: operations run directly, the turn is already theirs. */
const inTurn = async <R>(op: () => R): Promise<R> => op();

export class SqliteStore implements DocumentStore {
  private readonly declared: Declared;
  private closed = false;
  /** The open group (see group()) of the async context, if any: its work runs inside its turn. */
  private readonly grouped = new AsyncLocalStorage<Group>();
  private readonly commits: CommitQueue;

  private constructor(
    private readonly db: Database.Database,
    private readonly turns: Turns,
    specs: CollectionSpec[],
    private readonly scratch: boolean,
    private readonly wal: WalSync | undefined,
    private readonly checkpoints: WalCheckpoints | undefined,
    private readonly slow: SlowCommits | undefined,
  ) {
    this.declared = new Declared(specs);
    this.commits = new CommitQueue(db, this.turns, () => this.commit(), wal);
  }

  /**
   * COMMIT, timed: on the service's only thread SQLite writes the transaction's pages to the log (the
   * log's sync and its copy into the database come after, off the thread: wal-sync.ts,
   * wal-checkpoint.ts). A slow one holds every request in flight; it is reported (SlowCommits), so
   * that a stall of the service can be told to be the disk's.
   */
  private commit(): void {
    // Not after a failed sync, even a transaction begun before it (WalSync.fail).
    this.wal?.check();
    const began = performance.now();
    this.db.exec("COMMIT");
    const ms = performance.now() - began;
    this.wal?.committed();
    this.checkpoints?.committed();
    if (this.slow && ms >= this.slow.thresholdMs) this.slow.report(ms);
  }

  /**
   * Opens (creating if needed) the database file and declares its collections and indexes. A
   * `scratch` store is for a copy thrown away if anything fails, such as the read model a rebuild
   * counts into: a crash may lose or corrupt it (its rollback journal is in memory, nothing is
   * synced), and a transaction inside a group is not a savepoint of its own (each copied the pages it
   * touched, per event of a rebuild): one that fails fails its whole group, even if its caller goes on.
   */
  static open(
    file: string,
    specs: CollectionSpec[],
    options: { scratch?: boolean; syncFile?: SyncFile; checkpoints?: CheckpointPolicy; slowCommits?: SlowCommits | undefined } = {},
  ): SqliteStore {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    // Otherwise FULL: a commit is on disk before it is acknowledged, so it survives a crash of the
    // machine as well as of the process. A transaction's commit is synced after it, off the event
    // loop (wal-sync.ts); a write outside any transaction syncs in its own COMMIT.
    const mode = db.pragma(options.scratch ? "journal_mode = MEMORY" : "journal_mode = WAL", { simple: true });
    db.pragma(options.scratch ? "synchronous = OFF" : "synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    // In memory (":memory:") there is no log and nothing to sync.
    const wal = !options.scratch && mode === "wal" ? new WalSync(db, file, options.syncFile) : undefined;
    const turns = new Turns();
    const checkpoints = wal && new WalCheckpoints(db, file, turns, wal, options.syncFile, options.checkpoints);
    const store = new SqliteStore(db, turns, specs, options.scratch === true, wal, checkpoints, options.slowCommits);
    const indexesOf = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE 'ix\\_%' ESCAPE '\\'");
    for (const spec of store.declared.all()) {
      // Not WITHOUT ROWID, though a write would then change one tree instead of two: a count through a
      // compound expression index (a mediator's open cases, at every offer) then read each row as
      // well. 522 matching rows of 1.5 kB documents: 2.8 ms a count, against 0.027 with a rowid.
      db.exec(`CREATE TABLE IF NOT EXISTS ${table(spec.name)} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)`);
      const declared = new Set<string>();
      for (const fields of indexesToBuild(spec)) {
        const on = fields.map(column).join(", ");
        const name = `ix_${spec.name}_${fields.join("_")}`;
        declared.add(name);
        db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON ${table(spec.name)} (${on})`);
      }
      // An index the collection no longer declares would still be written at every insert and update.
      for (const name of indexesOf.pluck().all(`c_${spec.name}`) as string[]) {
        if (!declared.has(name)) db.exec(`DROP INDEX "${name}"`);
      }
    }
    return store;
  }

  private inGroup(): boolean {
    return this.grouped.getStore()?.open === true;
  }

  /**
   * Takes a turn on the queue, unless a group of this context holds it already. What it read is
   * handed back once every commit it could have seen is on disk (wal-sync.ts).
   */
  private turn<R>(fn: () => Promise<R> | R): Promise<R> {
    if (this.inGroup()) return (async () => fn())();
    const wal = this.wal;
    if (!wal) return this.turns.run(fn);
    // After a failed sync, nothing is read or written (WalSync.fail).
    const result = this.turns.run(() => {
      wal.check();
      return fn();
    });
    // An error may tell of a commit too (a version conflict): it waits as well.
    return result.finally(() => wal.settled());
  }

  /** What the open group of this context gathers (Collection.add, and held documents), if in one. */
  private writes(): GroupWrites | undefined {
    const group = this.grouped.getStore();
    return group?.open ? group : undefined;
  }

  /** The declared collection; beyond the port's Collection, an SqliteCollection can insertAbsent. */
  collection<T extends object>(spec: CollectionSpec<T>): SqliteCollection<T> {
    return new SqliteCollection<T>(
      this.db,
      this.declared,
      this.declared.spec(spec.name),
      (fn) => this.turn(fn),
      () => this.writes(),
    );
  }

  async group<R>(fn: () => Promise<R>): Promise<R> {
    if (this.inGroup()) return fn();
    // Answered once its commit is on disk; the connection is free for others meanwhile (wal-sync.ts).
    const { result, synced } = await this.turns.run(async () => {
      const group: Group = this.scratch
        ? { open: true, pending: new PendingAdds(false), held: new HeldDocuments() }
        : { open: true, pending: new PendingAdds() };
      // The log is synced after the commit, not in it (wal-sync.ts).
      this.wal?.enter();
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await this.grouped.run(group, fn);
        if (group.failed) throw group.failed.error;
        // Held documents first: additions gathered after a put apply on top of it.
        group.held?.writeOut(this.db);
        group.pending.flush();
        this.commit();
        return { result, synced: this.wal?.sync() };
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      } finally {
        this.wal?.leave();
        group.open = false;
        group.pending.clear();
        group.held?.clear();
      }
    });
    await synced;
    return result;
  }

  transaction<R>(fn: (tx: Collections) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    // One collection object per collection and transaction, however often asked for (counting asks a few times per event).
    const made = new Map<string, SqliteCollection<object>>();
    const tx: Collections = {
      collection: <T extends object>(spec: CollectionSpec<T>) => {
        let collection = made.get(spec.name);
        if (!collection) {
          collection = new SqliteCollection<object>(this.db, this.declared, this.declared.spec(spec.name), inTurn, () => this.writes());
          made.set(spec.name, collection);
        }
        return collection as unknown as SqliteCollection<T>;
      },
    };
    const group = this.grouped.getStore();
    if (group?.open && this.scratch)
      return (async () => fn(tx))().catch((error: unknown) => {
        group.failed ??= { error };
        throw error;
      });
    if (group?.open) return this.commits.savepoint(() => fn(tx), group.pending);
    return this.commits.submit(() => fn(tx), options.durable ?? true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Before the last turn: a checkpoint under way may need one.
    await this.checkpoints?.stop();
    await this.turns.run(async () => {
      // What was committed is answered first: its callers wait for its sync.
      await this.wal?.settled().catch(() => undefined);
      // With the pin, in the order a failed sync asks for (wal-checkpoint.ts).
      if (this.checkpoints) this.checkpoints.close();
      else this.db.close();
    });
    await this.wal?.close();
  }
}
