// Additions gathered inside a group (port.ts Collection.add): each document's additions are written
// once, when the group commits or before anything in the group reads or writes that collection,
// instead of a read and a write per addition. A savepoint that rolls back takes back its own additions, and
// puts back in the queue the earlier ones it had written (its rollback undid those writes).

interface Entry {
  table: string;
  /** The document: additions to the same one are summed before they are written. */
  id: string;
  deltas: Record<string, number>;
  write: (deltas: Record<string, number>) => void;
  /** The savepoint open when this addition was written (0: the group's own level), if it was. */
  writtenIn?: number;
}

export class PendingAdds {
  private journal: Entry[] = [];
  private readonly savepoints: Array<{ seq: number; mark: number }> = [];
  private seq = 0;
  /** Additions not yet written, per table. */
  private readonly unwritten = new Map<string, number>();

  /** Gathers an addition; `write` writes summed deltas of the same document at once. */
  add(table: string, id: string, deltas: Record<string, number>, write: (deltas: Record<string, number>) => void): void {
    this.journal.push({ table, id, deltas, write });
    this.unwritten.set(table, (this.unwritten.get(table) ?? 0) + 1);
  }

  /** Writes the additions not yet written (to `table`'s documents, or to all), each document once. */
  flush(table?: string): void {
    if (table === undefined ? this.unwritten.size === 0 : !this.unwritten.has(table)) return;
    const level = this.savepoints.at(-1)?.seq ?? 0;
    const byDocument = new Map<string, Entry[]>();
    for (const entry of this.journal) {
      if (entry.writtenIn !== undefined || (table !== undefined && entry.table !== table)) continue;
      const key = `${entry.table}/${entry.id}`;
      const same = byDocument.get(key);
      if (same) same.push(entry);
      else byDocument.set(key, [entry]);
    }
    for (const entries of byDocument.values()) {
      const summed: Record<string, number> = {};
      for (const { deltas } of entries) for (const [field, n] of Object.entries(deltas)) summed[field] = (summed[field] ?? 0) + n;
      const first = entries[0] as Entry;
      first.write(summed);
      for (const entry of entries) entry.writtenIn = level;
      const left = (this.unwritten.get(first.table) ?? 0) - entries.length;
      if (left > 0) this.unwritten.set(first.table, left);
      else this.unwritten.delete(first.table);
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
    this.unwritten.clear();
    for (const entry of this.journal) {
      if (entry.writtenIn !== undefined && entry.writtenIn >= savepoint.seq) entry.writtenIn = undefined;
      if (entry.writtenIn === undefined) this.unwritten.set(entry.table, (this.unwritten.get(entry.table) ?? 0) + 1);
    }
  }

  clear(): void {
    this.journal = [];
    this.savepoints.length = 0;
    this.unwritten.clear();
  }
}
