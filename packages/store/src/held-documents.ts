// In a scratch store's group (sqlite-store.ts: a rebuild's read model), documents read and written by
// id are held here, as JSON, and each is written once: when the group commits, or before anything
// else in the group reaches its collection's table (a query, a delete, the group's additions). A
// rebuild reads and rewrites a dispute's record at each of its events; without this, each of those
// was a statement of its own, with its indexes written again each time. Nothing here needs undoing:
// a scratch group that fails fails as a whole, and its rollback drops what is held.
import type Database from "better-sqlite3";
import { writeRow } from "./statements.js";

/** A document as held: its JSON (absent: `json` undefined), its version now and in the table. */
export interface Held {
  json: string | undefined;
  version: number;
  /** The version the table holds (0: not there); equal to `version` until a put. */
  stored: number;
}

export class HeldDocuments {
  private readonly tables = new Map<string, Map<string, Held>>();

  get(table: string, id: string): Held | undefined {
    return this.tables.get(table)?.get(id);
  }

  hold(table: string, id: string, held: Held): void {
    let documents = this.tables.get(table);
    if (!documents) {
      documents = new Map();
      this.tables.set(table, documents);
    }
    documents.set(id, held);
  }

  /**
   * Writes what changed of `table`'s held documents (or of every table's) and forgets them: from here
   * on the table is what the group sees. A write that throws leaves its document, and those not yet
   * written, held, so that the group's commit writes them again and fails if it fails again (as
   * additions do, pending-adds.ts): none is lost by a caller that catches the error and goes on.
   */
  writeOut(db: Database.Database, table?: string): void {
    for (const name of table === undefined ? [...this.tables.keys()] : [table]) {
      const documents = this.tables.get(name);
      if (!documents) continue;
      for (const [id, held] of documents) {
        // Changed only by a put, which always leaves JSON.
        if (held.version !== held.stored) writeRow(db, name, id, held.json as string, held.stored, held.version);
        documents.delete(id);
      }
      this.tables.delete(name);
    }
  }

  clear(): void {
    this.tables.clear();
  }
}
