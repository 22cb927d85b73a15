// A collection of the embedded store (sqlite-store.ts): a table of JSON documents with an
// expression index per declared field, on the store's one connection.
import type Database from "better-sqlite3";
import type { Declared } from "./declared.js";
import { VersionConflict } from "./errors.js";
import type { Held, HeldDocuments } from "./held-documents.js";
import type { PendingAdds } from "./pending-adds.js";
import type { Addition, Collection, CollectionSpec, Query, Scalar, Stored } from "./port.js";
import { column, prepare, table, writeRow } from "./statements.js";

type Row = { id: string; version: number; doc: string };

/** What an addition gathered in a group answers: one promise for all, as nothing waits on it (a new one each cost a rebuild's time). */
const DONE: Promise<void> = Promise.resolve();
/**
 * Documents one insertAbsent statement takes (two parameters each): few, so that a statement for each
 * count up to it can be kept prepared; a rebuild's replay hands over as many at a time (its DECODED_AT_ONCE).
 */
const PER_INSERT = 32;
const sqlValue = (value: Scalar) => (typeof value === "boolean" ? (value ? 1 : 0) : value);

/** What an open group gathers instead of writing at once: additions, and in a scratch store the documents it holds. */
export interface GroupWrites {
  pending: PendingAdds;
  held?: HeldDocuments;
}

export class SqliteCollection<T extends object> implements Collection<T> {
  constructor(
    private readonly db: Database.Database,
    private readonly declared: Declared,
    private readonly spec: CollectionSpec,
    private readonly turnOf: <R>(fn: () => R) => Promise<R>,
    /** What the open group gathers, when this runs inside a group. */
    private readonly group: () => GroupWrites | undefined,
  ) {}

  /**
   * Runs `fn` in its turn, after writing what the group has gathered for this collection, so that it
   * works on top of it: the documents it holds (unless `byId` and no additions wait: a get or a put
   * works on them), then its additions, which may have come after a held document's put.
   */
  private turn<R>(fn: () => R, byId = false): Promise<R> {
    return this.turnOf(() => {
      const group = this.group();
      if (group) {
        const name = this.spec.name;
        if (!byId || group.pending.waits(name)) group.held?.writeOut(this.db, name);
        group.pending.flush(name);
      }
      return fn();
    });
  }

  add(id: string, deltas: Record<string, number>, initial: Partial<T> = {}): Promise<void> {
    const pending = this.group()?.pending;
    if (!pending) return this.increment(id, deltas, initial).then(() => undefined);
    pending.add(this.spec.name, id, deltas, initial, this.writeAdded);
    return DONE;
  }

  addAll(additions: ReadonlyArray<Addition<T>>): Promise<void> {
    const pending = this.group()?.pending;
    if (!pending) {
      // All or none here; IMMEDIATE, as each addition reads before it writes (inside a transaction, a savepoint).
      return this.turn(() =>
        this.db
          .transaction(() => {
            for (const { id, deltas, initial } of additions) this.incrementNow(id, deltas, initial ?? {});
          })
          .immediate(),
      );
    }
    for (const { id, deltas, initial } of additions) pending.add(this.spec.name, id, deltas, initial ?? {}, this.writeAdded);
    return DONE;
  }

  /** How a group writes this collection's gathered additions: one function for all of them. */
  private readonly writeAdded = (id: string, summed: Record<string, number>, initial: object) =>
    void this.incrementNow(id, summed, initial as Partial<T>);

  get(id: string): Promise<Stored<T> | undefined> {
    return this.turn(() => {
      const held = this.group()?.held;
      if (!held) return this.read(id);
      const found = this.heldIn(held, id);
      return found.json === undefined ? undefined : this.toStored({ id, version: found.version, doc: found.json });
    }, true);
  }

  put(id: string, doc: T, expectedVersion: number): Promise<Stored<T>> {
    return this.turn(() => {
      const held = this.group()?.held;
      if (!held) return this.write(id, doc, expectedVersion);
      const found = this.heldIn(held, id);
      if (found.version !== expectedVersion) throw new VersionConflict(this.spec.name, id, expectedVersion, found.version);
      held.hold(this.spec.name, id, { json: this.json(doc), version: expectedVersion + 1, stored: found.stored });
      return { ...doc, id, version: expectedVersion + 1 };
    }, true);
  }

  /** The document as the scratch group holds it, read from the table the first time. */
  private heldIn(held: HeldDocuments, id: string): Held {
    const found = held.get(this.spec.name, id);
    if (found) return found;
    const row = this.row(id);
    const read = { json: row?.doc, version: row?.version ?? 0, stored: row?.version ?? 0 };
    held.hold(this.spec.name, id, read);
    return read;
  }

  delete(id: string, expectedVersion: number): Promise<boolean> {
    return this.turn(() => {
      const name = table(this.spec.name);
      if (prepare(this.db, `DELETE FROM ${name} WHERE id = ? AND version = ?`).run(id, expectedVersion).changes === 1) return true;
      const actual = (prepare(this.db, `SELECT version FROM ${name} WHERE id = ?`).get(id) as { version: number } | undefined)?.version;
      if (actual === undefined) return false;
      throw new VersionConflict(this.spec.name, id, expectedVersion, actual);
    });
  }

  async find(query: Query = {}): Promise<Stored<T>[]> {
    this.declared.checkQuery(this.spec.name, query);
    return this.turn(() => {
      const { sql, params } = this.select("id, version, doc", query);
      // Ties in the sort field are broken by id (not repeated when the sort is by id: SQLite would sort again for it).
      const sort = query.sort;
      const order = sort
        ? ` ORDER BY ${column(sort.field)} ${sort.order === "desc" ? "DESC" : "ASC"}${sort.field === "id" ? "" : ", id"}`
        : "";
      const limit = query.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(query.limit))}` : "";
      const rows = prepare(this.db, `${sql}${order}${limit}`).all(...params) as Row[];
      return rows.map((row) => this.toStored(row));
    });
  }

  async count(query: Omit<Query, "sort" | "limit"> = {}): Promise<number> {
    this.declared.checkQuery(this.spec.name, query);
    return this.turn(() => {
      const { sql, params } = this.select("count(*) AS n", query);
      return (prepare(this.db, sql).get(...params) as { n: number }).n;
    });
  }

  increment(id: string, deltas: Record<string, number>, initial: Partial<T> = {}): Promise<Stored<T>> {
    return this.turn(() => this.incrementNow(id, deltas, initial));
  }

  /**
   * All-or-nothing without a savepoint of its own (which cost a sixth of a rebuild): the read and the one
   * statement that writes run in one synchronous step on the only connection, and a field that is not a
   * number is refused before anything is written.
   */
  private incrementNow(id: string, deltas: Record<string, number>, initial: Partial<T>): Stored<T> {
    const current = this.read(id);
    // The document just read is this call's own copy; write() leaves out its id and version.
    const base: Record<string, unknown> = current ?? { ...initial };
    for (const [field, delta] of Object.entries(deltas)) {
      const before = base[field] ?? 0;
      if (typeof before !== "number") throw new TypeError(`${this.spec.name}/${id}.${field} is not a number`);
      base[field] = before + delta;
    }
    return this.write(id, base as T, current?.version ?? 0);
  }

  /**
   * Creates, at version 1, those of `docs` whose id the collection does not hold yet (nor an earlier
   * one of `docs`), a few dozen to a statement, and answers their ids; the others stay as they are.
   * All or none: the statements run in one transaction (a savepoint inside an open one). Not in the
   * port (SQLite only): a rebuild's replay records a batch of events as applied with it.
   */
  insertAbsent(docs: Array<{ id: string; doc: T }>): Promise<Set<string>> {
    const insertAll = () => {
      const inserted = new Set<string>();
      for (let i = 0; i < docs.length; i += PER_INSERT) {
        const part = docs.slice(i, i + PER_INSERT);
        const sql = `INSERT INTO ${table(this.spec.name)} (id, version, doc) VALUES ${part.map(() => "(?, 1, ?)").join(", ")} ON CONFLICT(id) DO NOTHING RETURNING id`;
        const rows = prepare(this.db, sql).all(...part.flatMap(({ id, doc }) => [id, this.json(doc)])) as Array<{ id: string }>;
        for (const row of rows) inserted.add(row.id);
      }
      return inserted;
    };
    // One statement is all or none by itself (the replay's parts are one each); more run in one transaction.
    return this.turn(() => (docs.length <= PER_INSERT ? insertAll() : this.db.transaction(insertAll)()));
  }

  private select(what: string, query: Omit<Query, "sort" | "limit">) {
    const clauses: string[] = [];
    const params: Scalar[] = [];
    for (const [field, value] of Object.entries(query.where ?? {})) {
      clauses.push(`${column(field)} = ?`);
      params.push(sqlValue(value));
    }
    const range = query.range;
    if (range) {
      for (const [op, value] of [
        [">", range.gt],
        [">=", range.gte],
        ["<", range.lt],
        ["<=", range.lte],
      ] as const) {
        if (value === undefined) continue;
        clauses.push(`${column(range.field)} ${op} ?`);
        params.push(sqlValue(value));
      }
    }
    const where = clauses.length ? ` WHERE ${clauses.join(" AND ")}` : "";
    return { sql: `SELECT ${what} FROM ${table(this.spec.name)}${where}`, params };
  }

  private row(id: string): Row | undefined {
    return prepare(this.db, `SELECT id, version, doc FROM ${table(this.spec.name)} WHERE id = ?`).get(id) as Row | undefined;
  }

  private read(id: string): Stored<T> | undefined {
    const row = this.row(id);
    return row ? this.toStored(row) : undefined;
  }

  private write(id: string, doc: T, expectedVersion: number): Stored<T> {
    writeRow(this.db, this.spec.name, id, this.json(doc), expectedVersion, expectedVersion + 1);
    return { ...doc, id, version: expectedVersion + 1 };
  }

  /** JSON leaves out what is undefined: the id and version live in their own columns, `_schema` comes last (toStored). */
  private json(doc: T): string {
    return JSON.stringify({ ...doc, id: undefined, version: undefined, _schema: this.spec.schemaVersion ?? 1 });
  }

  /**
   * The parsed document itself, not copies of it (reads are most of the store's work): `_schema` is its
   * last field (write), and deleting an object's last field keeps it a fast object in V8.
   */
  private toStored(row: Row): Stored<T> {
    const doc = JSON.parse(row.doc) as Record<string, unknown>;
    delete doc._schema;
    doc.id = row.id;
    doc.version = row.version;
    return doc as Stored<T>;
  }
}
