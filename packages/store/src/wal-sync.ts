// A commit forced onto the disk off the event loop and off the connection (docs/architecture.md#stores).
// SQLite's own full sync calls fsync inside COMMIT, which blocks the service's only thread for the
// disk's time (a few milliseconds, tens when four services sync at once), and the connection with it.
// Instead the store commits without the sync (synchronous = NORMAL: the frames are in the
// write-ahead log, in the kernel's cache), lets the next transaction begin, and fsyncs the log file
// on libuv's thread pool. Nothing leaves the process before the commits it could have seen are on
// disk: a transaction's callers are answered after a sync begun after its commit, and a read outside
// a transaction after every sync under way (settled). So what was acknowledged survives a crash of
// the machine, as with synchronous = FULL; a commit lost before its sync was never acknowledged, and
// SQLite drops a log's torn tail when it opens, by the frames' checksums.
import { closeSync, fsync, openSync } from "node:fs";
import { promisify } from "node:util";
import type Database from "better-sqlite3";

/** The operating system's fsync of a file descriptor; replaceable in tests, to delay or fail it. */
export type SyncFile = (fd: number) => Promise<void>;

export const fsyncFile: SyncFile = promisify(fsync);

export class WalSync {
  private fd: number | undefined;
  private failed: Error | undefined;
  /** The fsync running now. */
  private running: Promise<void> | undefined;
  /** The one to begin when it ends, for the commits made meanwhile: one fsync covers them all. */
  private next: Promise<void> | undefined;
  /** Whether a commit was made since the last fsync began (one begun after it covers it). */
  private unsynced = false;

  constructor(
    private readonly db: Database.Database,
    /** The database file; its log is `<file>-wal`, which SQLite keeps while the connection is open. */
    private readonly file: string,
    private readonly syncFile: SyncFile = fsyncFile,
  ) {}

  /**
   * Before a transaction: its COMMIT leaves the sync to sync(). Throws once a sync has failed: the
   * store then commits nothing more (see fsyncLog).
   */
  enter(): void {
    this.check();
    // exec, not db.pragma(), which wraps the statement for its rows; nor a statement prepared once: a
    // PRAGMA synchronous takes effect when it is prepared (SQLite prepares it again at each later run).
    this.db.exec("PRAGMA synchronous = NORMAL");
  }

  /** Throws once a sync (of the log, or the database's at a checkpoint) has failed. */
  check(): void {
    if (this.failed) throw this.failed;
  }

  get hasFailed(): boolean {
    return this.failed !== undefined;
  }

  /** After it: a write outside any transaction syncs in its own COMMIT again. */
  leave(): void {
    if (this.db.open) this.db.exec("PRAGMA synchronous = FULL");
  }

  /** After a COMMIT made with the sync left out: the next sync() begins an fsync for it. */
  committed(): void {
    this.unsynced = true;
  }

  /** Resolves once everything committed before the call is on disk. After a failed sync it always fails. */
  sync(): Promise<void> {
    // Both reject once a sync has failed.
    return this.unsynced ? this.syncLog() : this.settled();
  }

  /**
   * Resolves after an fsync of the log begun after the call: what the log holds now is on disk,
   * whoever wrote it (another process's store on the same file too, such as `mediation keys reseal`
   * beside the service).
   */
  syncLog(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.next) return this.next;
    if (!this.running) return this.begin();
    const next = this.running.then(
      () => this.begin(),
      () => this.begin(),
    );
    this.next = next;
    return next;
  }

  /** Resolves once every commit so far is on disk, beginning no sync of its own. */
  settled(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return this.next ?? this.running ?? Promise.resolve();
  }

  /**
   * After the connection is closed: closes the log's file once the fsync under way has ended, even
   * after a failure (settled() then rejects at once). Closed sooner, its number could be given to
   * another file before that fsync runs, and the fsync would answer for the wrong file.
   */
  async close(): Promise<void> {
    let under = this.next ?? this.running;
    while (under) {
      await under.catch(() => undefined);
      under = this.next ?? this.running;
    }
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * Fails the store as a failed fsync of its log does (see fsyncLog): `what` did not reach the disk,
   * and nothing more is committed or acknowledged.
   */
  fail(what: string, error: unknown): Error {
    this.failed ??= new Error(
      `the disk did not keep ${what}; ` +
        "stop the service, check the disk, and start it again: writes not acknowledged are retried by their senders",
      { cause: error },
    );
    return this.failed;
  }

  private begin(): Promise<void> {
    this.next = undefined;
    // The fsync is called before this returns: every commit made so far is covered by it.
    this.unsynced = false;
    const run = this.fsyncLog().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async fsyncLog(): Promise<void> {
    if (this.failed) throw this.failed;
    try {
      // Opened at the first sync: the log exists from the first commit.
      this.fd ??= openSync(`${this.file}-wal`, "r+");
      await this.syncFile(this.fd);
    } catch (error) {
      // After a failed fsync the kernel may have dropped the pages it could not write, and a later
      // fsync would succeed without them: nothing more is committed or acknowledged until the
      // service restarts (and SQLite, which knows nothing of it, must not checkpoint those frames).
      const opening = this.fd === undefined;
      throw this.fail(`a commit of ${this.file} (${opening ? "opening" : "fsync of"} its log failed: ${(error as Error).message})`, error);
    }
  }
}
