// Pruning that keeps up at any event rate (docs/architecture.md#outbox, #inbox): sent outbox rows
// and applied-event ids older than their retention are removed in batches, a transaction each,
// until none is left, every `pruneEveryMs`.
import type { Collection, DocumentStore, Range } from "@mediation/store";
import { INBOX } from "./inbox.js";
import { OUTBOX } from "./outbox.js";

export interface HousekeepingOptions {
  /** How long sent rows are kept (for inspection) before the relay removes them; default 7 days. */
  keepSentMs?: number;
  /**
   * How long the ids of applied events are kept; default 7 days. It must be longer than the
   * stream's duplicate window (2 minutes) and the longest redelivery (5 attempts with back-off
   * and a 30 s ack wait: under five minutes), so that no copy of an event can arrive after its id is gone.
   */
  keepAppliedMs?: number;
  /** How often to prune; the first time is one interval after start, once redeliveries after a restart are in. Default 5 minutes. */
  pruneEveryMs?: number;
}

const CHUNK = 1_000;

export class Housekeeping {
  private readonly keepSentMs: number;
  private readonly keepAppliedMs: number;
  private readonly everyMs: number;
  private due: number;

  constructor(
    private readonly store: DocumentStore,
    options: HousekeepingOptions,
  ) {
    this.keepSentMs = options.keepSentMs ?? 7 * 86_400_000;
    this.keepAppliedMs = options.keepAppliedMs ?? 7 * 86_400_000;
    this.everyMs = options.pruneEveryMs ?? 5 * 60_000;
    this.due = Date.now() + this.everyMs;
  }

  async whenDue(now = Date.now()): Promise<void> {
    if (now < this.due) return;
    this.due = now + this.everyMs;
    await this.pruneSent(new Date(now));
    await this.pruneApplied(new Date(now));
  }

  /** Removes sent outbox rows older than the retention; returns how many. */
  pruneSent(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.keepSentMs).toISOString();
    return this.prune(OUTBOX, { where: { status: "SENT" }, range: { field: "sentAt", lt: before } });
  }

  /** Removes applied-event ids older than the retention; returns how many. */
  pruneApplied(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.keepAppliedMs).toISOString();
    return this.prune(INBOX, { range: { field: "appliedAt", lt: before } });
  }

  private async prune<T extends object>(
    spec: Parameters<DocumentStore["collection"]>[0],
    query: { where?: Record<string, string>; range: Range },
  ): Promise<number> {
    let removed = 0;
    for (;;) {
      const chunk = await this.store.transaction(
        async (tx) => {
          const rows = tx.collection(spec) as Collection<T>;
          const old = await rows.find({ ...query, limit: CHUNK });
          for (const row of old) if (await rows.delete(row.id, row.version)) removed++;
          return old.length;
          // Pruning lost with the machine's power is done again next time.
        },
        { durable: false },
      );
      if (chunk < CHUNK) return removed;
    }
  }
}
