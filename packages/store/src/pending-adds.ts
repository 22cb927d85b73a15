// Additions gathered inside a group (port.ts Collection.add): each document's additions are written
// once, when the group commits or before anything in the group reads or writes that collection,
// instead of a read and a write per addition. A savepoint that rolls back takes back its own additions, and
// puts back in the queue the earlier ones it had written (its rollback undid those writes).

/** Writes a document's summed additions, creating it from `initial` if absent (the collection's own, one for all its additions). */
export type WriteAdded = (id: string, deltas: Record<string, number>, initial: object) => void;

interface Entry {
  table: string;
  id: string;
  deltas: Record<string, number>;
  initial: object;
  write: WriteAdded;
  /** The savepoint open when this addition was written (0: the group's own level), if it was. */
  writtenIn?: number;
}

/** One document's additions not yet written, summed as they arrive. */
interface Unwritten {
  summed: Record<string, number>;
  initial: object;
  write: WriteAdded;
  entries: Entry[];
}

export class PendingAdds {
  /**
   * `undoable: false` (a scratch store's group, where nothing rolls back to a savepoint): only the sums
   * are kept, not each addition, which a long group would otherwise hold until it ends.
   */
  constructor(private readonly undoable = true) {}

  /** Every addition of the group in order: what a rollback goes back to. */
  private journal: Entry[] = [];
  private readonly savepoints: Array<{ seq: number; mark: number }> = [];
  private seq = 0;
  /** Additions not yet written, per table and document. */
  private unwritten = new Map<string, Map<string, Unwritten>>();

  /** Gathers an addition; `write` writes the summed deltas of the same document at once (its first `initial` creates it). */
  add(table: string, id: string, deltas: Record<string, number>, initial: object, write: WriteAdded): void {
    const entry: Entry = { table, id, deltas, initial, write };
    if (this.undoable) this.journal.push(entry);
    this.sum(entry);
  }

  private sum(entry: Entry): void {
    let documents = this.unwritten.get(entry.table);
    if (!documents) {
      documents = new Map();
      this.unwritten.set(entry.table, documents);
    }
    const document = documents.get(entry.id);
    if (!document) {
      const { initial, write } = entry;
      documents.set(entry.id, { summed: { ...entry.deltas }, initial, write, entries: this.undoable ? [entry] : [] });
      return;
    }
    for (const field in entry.deltas) document.summed[field] = (document.summed[field] ?? 0) + (entry.deltas[field] as number);
    if (this.undoable) document.entries.push(entry);
  }

  /** Whether additions to `table`'s documents wait to be written. */
  waits(table: string): boolean {
    return this.unwritten.has(table);
  }

  /** Writes the additions not yet written (to `table`'s documents, or to all), each document once. */
  flush(table?: string): void {
    if (this.unwritten.size === 0) return;
    const level = this.savepoints.at(-1)?.seq ?? 0;
    for (const name of table === undefined ? [...this.unwritten.keys()] : [table]) {
      const documents = this.unwritten.get(name);
      if (!documents) continue;
      for (const [id, document] of documents) {
        // A write that throws leaves its document, and those after it, waiting.
        document.write(id, document.summed, document.initial);
        for (const entry of document.entries) entry.writtenIn = level;
        documents.delete(id);
      }
      this.unwritten.delete(name);
    }
  }

  begin(): void {
    this.savepoints.push({ seq: ++this.seq, mark: this.journal.length });
  }

  release(): void {
    this.savepoints.pop();
  }

  /** After ROLLBACK TO the innermost savepoint: its additions are gone, earlier ones it wrote wait again. */
  rollback(): void {
    const savepoint = this.savepoints.pop();
    if (!savepoint) return;
    this.journal.length = savepoint.mark;
    this.unwritten = new Map();
    for (const entry of this.journal) {
      if (entry.writtenIn !== undefined && entry.writtenIn >= savepoint.seq) entry.writtenIn = undefined;
      if (entry.writtenIn === undefined) this.sum(entry);
    }
  }

  clear(): void {
    this.journal = [];
    this.savepoints.length = 0;
    this.unwritten.clear();
  }
}
