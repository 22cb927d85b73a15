// Group commit for independent callers (docs/architecture.md#stores): transactions that queue up
// while another holds the connection run one after another inside one SQLite transaction, each
// in its own savepoint, and commit with a single fsync. Each caller is answered only after that
// commit; one that fails undoes only its savepoint. A batch holds the transactions begun in one turn
// of the event loop; at low load it is one transaction and nothing waits for company. The fsync runs
// after the commit, off the event loop, while the next batch may already run (wal-sync.ts).
import { AsyncResource } from "node:async_hooks";
import { setImmediate as nextCheck } from "node:timers/promises";
import type Database from "better-sqlite3";
import type { PendingAdds } from "./pending-adds.js";
import type { Turns } from "./turns.js";
import type { WalSync } from "./wal-sync.js";

interface Waiting {
  fn: () => Promise<unknown>;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most transactions committed together. */
const MAX_BATCH = 256;

export class CommitQueue {
  private waiting: Waiting[] = [];
  private savepoints = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly turns: Turns,
    /** Runs COMMIT (SqliteStore's, which times it). */
    private readonly commit: () => void,
    /** The log to sync after a batch commits; without it (in memory, or a scratch store) there is nothing to sync. */
    private readonly wal?: WalSync,
  ) {}

  /** Runs `fn` in a transaction of its own or of a batch; resolves once it is committed. */
  submit<R>(fn: () => Promise<R>, durable = true): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      // Run in the caller's async context, so that it runs in its own trace, whoever's turn it shares. A
      // resource of its own, not AsyncResource.bind, which defines two deprecated accessors on every
      // function it returns: 15 µs a call here against 0.2.
      const scope = new AsyncResource("store.transaction");
      this.waiting.push({ fn: () => scope.runInAsyncScope(fn), durable, resolve: resolve as (value: unknown) => void, reject });
      if (this.waiting.length === 1) void this.turns.run(() => this.commitWaiting());
    });
  }

  /**
   * Runs `fn` in a savepoint of the open transaction: on failure it undoes only itself, and takes
   * back the additions it gathered in `pending` (a group's, pending-adds.ts).
   */
  async savepoint<R>(fn: () => Promise<R>, pending?: PendingAdds): Promise<R> {
    const name = `sp${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    pending?.begin();
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      pending?.release();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      pending?.rollback();
      throw error;
    }
  }

  private async commitWaiting(): Promise<void> {
    // The batch is taken at the loop's next check phase, so that callers whose requests arrived in the
    // same turn of the event loop join it: a transaction runs within microtasks, and without this wait
    // every batch held one transaction. At low load it costs one setImmediate.
    await nextCheck();
    const batch = this.waiting.splice(0, MAX_BATCH);
    if (this.waiting.length > 0) void this.turns.run(() => this.commitWaiting());
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    // Only a batch with a durable transaction waits for a sync of its own (TransactionOptions).
    const durable = batch.some((w) => w.durable);
    try {
      this.wal?.enter();
      this.db.exec("BEGIN IMMEDIATE");
      for (const { fn } of batch) {
        try {
          outcomes.push({ ok: true, value: await this.savepoint(fn) });
        } catch (error) {
          // SQLite may have rolled back the whole transaction (e.g. disk full): then nothing of the batch is stored.
          if (!this.db.inTransaction) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      this.commit();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      for (const { reject } of batch) reject(error);
      return;
    } finally {
      this.wal?.leave();
    }
    const answer = () => {
      for (const [i, outcome] of outcomes.entries()) {
        const { resolve, reject } = batch[i] as Waiting;
        if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error);
      }
    };
    if (!this.wal) return answer();
    // The connection is free for the next batch at once; this one is answered once its commit, and
    // any this batch could have read, is on disk (a non-durable batch waits only for syncs under way).
    void (durable ? this.wal.sync() : this.wal.settled()).then(answer, (error: unknown) => {
      for (const { reject } of batch) reject(error);
    });
  }
}
