// SQLite's checkpoint off the event loop (docs/architecture.md#stores). Left to itself, SQLite copies
// its write-ahead log into the database file inside a COMMIT once the log holds 1,000 pages: it syncs
// the log, writes the pages and syncs the database, all on the service's only thread, and a slow disk
// held every request in flight for up to half a second. Its automatic checkpoint is off; this copies:
//
// 1. A second, read-only connection begins a read (the pin). SQLite copies no frame of the log past
//    a reader's snapshot into the database, and starts no new log under it. The log is then synced
//    (wal-sync.ts): every frame up to the pin is on disk, whichever store on the file wrote it.
// 2. In a turn of the store, its connection checkpoints with its syncs off (synchronous = OFF): it
//    copies only those synced frames, into the kernel's cache of the database file.
// 3. The database file is synced on libuv's thread pool, then the pin ends.
//
// Until then the log keeps every frame copied, and a crash replays them. Under steady writes the log
// never empties this way: a write arrives during every sync, and SQLite starts the log over only when
// a write begins with all of it copied. So once it holds `restartFrames` frames, the store's queue
// waits while steps 1–3 run once more within one turn; the store's next write then starts the log
// from its beginning, syncing its new header inside COMMIT (SQLite's one sync left on the thread,
// once per new log). The thread goes on with other work throughout the rest. Writes outside any
// transaction commit on their own, without committed(): a look every everyMs finds them.
import { closeSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import type { Turns } from "./turns.js";
import { fsyncFile, type SyncFile, type WalSync } from "./wal-sync.js";

export interface CheckpointPolicy {
  /**
   * A checkpoint begins at a commit this long after the last began (and, if rows changed by writes
   * outside any transaction, which commit on their own, at a look this often),
   */
  everyMs: number;
  /** or at this many commits after it, if sooner (none begins while one is under way). */
  everyCommits: number;
  /** Frames in the log (4 kB each) at which the store's queue waits while it is emptied. */
  restartFrames: number;
}

/**
 * A second, or 250 commits, apart; the log emptied from 16,000 frames (64 MB; SQLite's own
 * checkpoint came at 1,000), so that the store's queue waits for it seldom (`pnpm bench checkpoint`:
 * at 4,000, a saturated store committed a fifth less). A burst may grow the log further before its
 * checkpoint ends; once emptied, its file is cut back to LOG_FILE_LIMIT.
 */
export const CHECKPOINTS: CheckpointPolicy = { everyMs: 1000, everyCommits: 250, restartFrames: 16000 };
const LOG_FILE_LIMIT = 64 * 1024 * 1024;

/** What one checkpoint found: the log's frames, and how many of them are in the database. */
interface CheckpointOutcome {
  frames: number;
  copied: number;
}

export class WalCheckpoints {
  private readonly pin: Database.Database;
  private readonly readFirstPage: Database.Statement;
  private fd: number | undefined;
  private running: Promise<unknown> | undefined;
  private lastBegan = performance.now();
  private commitsSince = 0;
  private closed = false;
  /** Looks every everyMs for writes made outside any transaction, which commit without committed(). */
  private readonly watch: NodeJS.Timeout | undefined;
  private readonly totalChanges: Database.Statement;
  private changesSeen = 0;

  constructor(
    /** The store's connection, in WAL mode. */
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly turns: Turns,
    private readonly wal: WalSync,
    private readonly syncFile: SyncFile = fsyncFile,
    private readonly policy: CheckpointPolicy = CHECKPOINTS,
  ) {
    db.pragma("wal_autocheckpoint = 0");
    db.pragma(`journal_size_limit = ${LOG_FILE_LIMIT}`);
    this.pin = new Database(file, { readonly: true, fileMustExist: true });
    this.readFirstPage = this.pin.prepare("SELECT 1 FROM sqlite_master LIMIT 1");
    this.totalChanges = db.prepare("SELECT total_changes()").pluck();
    if (Number.isFinite(policy.everyMs) && policy.everyMs > 0) this.watch = setInterval(() => this.look(), policy.everyMs).unref();
  }

  /** After a commit: begins a checkpoint when one is due (CheckpointPolicy) and none is under way. */
  committed(): void {
    this.commitsSince++;
    if (this.running || this.closed) return;
    const now = performance.now();
    if (this.commitsSince < this.policy.everyCommits && now - this.lastBegan < this.policy.everyMs) return;
    this.begin(now);
  }

  /** Begins a checkpoint if rows changed since the last began and none is under way. */
  private look(): void {
    if (this.running || this.closed || this.totalChanges.get() === this.changesSeen) return;
    this.begin(performance.now());
  }

  private begin(now: number): void {
    this.lastBegan = now;
    this.commitsSince = 0;
    this.changesSeen = this.totalChanges.get() as number;
    // A failure is the store's (WalSync.fail) when it is the disk's; any other leaves the log as it was.
    const run = this.run()
      .catch(() => undefined)
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
  }

  /** One checkpoint (see the head of this file). */
  private async run(): Promise<CheckpointOutcome> {
    const outcome = await this.pinned(() => this.turns.run(() => this.copy()));
    // Even if it copied the whole log, a write since (the pin held it) appended to it.
    if (outcome.frames < this.policy.restartFrames) return outcome;
    // Nothing of this store commits meanwhile: once the whole log is in the database, on disk, and
    // the pin has ended, the next write starts the log over. (A write of another process's store on
    // the file meanwhile appends to it: the pin holds it off until the database is synced.)
    return this.turns.run(() => this.pinned(() => this.copy()));
  }

  /** Once the checkpoint under way has ended; none begins after. */
  async stop(): Promise<void> {
    this.closed = true;
    clearInterval(this.watch);
    await this.running;
  }

  /**
   * Closes the store's connection and the pin. The pin first: the store's connection, the last one,
   * copies the rest of the log with its syncs and deletes it. After a failed sync the pin last: while
   * it is open the store's connection cannot do that (the database may have lost pages the log still
   * holds), and the pin, read-only, cannot either.
   */
  close(): void {
    const [first, last] = this.wal.hasFailed ? [this.db, this.pin] : [this.pin, this.db];
    first.close();
    last.close();
    // Only now: closing a descriptor of the file drops every lock this process holds on it, SQLite's too.
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Steps 1–3 around `copy`: the pin's read, the log synced up to it, and the database after the copy. */
  private async pinned(copy: () => Promise<CheckpointOutcome> | CheckpointOutcome): Promise<CheckpointOutcome> {
    this.pin.exec("BEGIN");
    try {
      this.readFirstPage.get();
      await this.wal.syncLog();
      const outcome = await copy();
      if (outcome.copied > 0) await this.syncDatabase();
      return outcome;
    } finally {
      // After a failed sync the read stays: it keeps SQLite from starting the log over.
      if (!this.wal.hasFailed) this.pin.exec("COMMIT");
    }
  }

  /** SQLite's passive checkpoint without its syncs: it copies what no reader's snapshot holds back. */
  private copy(): CheckpointOutcome {
    this.db.exec("PRAGMA synchronous = OFF");
    try {
      const [row] = this.db.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number; log: number; checkpointed: number }>;
      return { frames: row?.log ?? 0, copied: row?.checkpointed ?? 0 };
    } finally {
      this.db.exec("PRAGMA synchronous = FULL");
    }
  }

  private async syncDatabase(): Promise<void> {
    try {
      this.fd ??= openSync(this.file, "r+");
      await this.syncFile(this.fd);
    } catch (error) {
      // Nothing more commits (WalSync.enter throws), so the log, which holds every frame, is never
      // started over.
      throw this.wal.fail(`a checkpoint of ${this.file} (fsync of the database file failed: ${(error as Error).message})`, error);
    }
  }
}
