// The embedded default (docs/architecture.md#stores): SQLite through better-sqlite3, in WAL mode with full sync,
// so that a write acknowledged to the caller survives `kill -9`. A table per collection, the
// document as JSON, and an expression index per declared field.
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { CommitQueue } from "./commit-queue.js";
import { Declared } from "./declared.js";
import { VersionConflict } from "./errors.js";
import type { Collection, CollectionSpec, Collections, DocumentStore, Query, Scalar, Stored, TransactionOptions } from "./port.js";
import { Turns } from "./turns.js";

type Row = { id: string; version: number; doc: string };

const table = (name: string) => `"c_${name}"`;
const column = (field: string) => (field === "id" ? "id" : `json_extract(doc, '$.${field}')`);
/** Prepared statements by SQL text, per connection: preparing costs more than running a small one. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepare(db: Database.Database, sql: string): Database.Statement {
  const cache = statements.get(db) ?? new Map<string, Database.Statement>();
  statements.set(db, cache);
  const cached = cache.get(sql);
  if (cached) return cached;
  if (cache.size > 500) cache.clear();
  const statement = db.prepare(sql);
  cache.set(sql, statement);
  return statement;
}
const sqlValue = (value: Scalar) => (typeof value === "boolean" ? (value ? 1 : 0) : value);

class SqliteCollection<T extends object> implements Collection<T> {
  constructor(
    private readonly db: Database.Database,
    private readonly declared: Declared,
    private readonly spec: CollectionSpec,
    private readonly turn: <R>(fn: () => R) => Promise<R>,
  ) {}

  get(id: string): Promise<Stored<T> | undefined> {
    return this.turn(() => this.read(id));
  }

  put(id: string, doc: T, expectedVersion: number): Promise<Stored<T>> {
    return this.turn(() => this.write(id, doc, expectedVersion));
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
      const order = query.sort ? ` ORDER BY ${column(query.sort.field)} ${query.sort.order === "desc" ? "DESC" : "ASC"}, id` : "";
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
    return this.turn(() => {
      // All-or-nothing without a savepoint of its own (which cost a sixth of a rebuild): the read and the one
      // statement that writes run in one synchronous step on the only connection, and a field that is not a
      // number is refused before anything is written.
      const current = this.read(id);
      const base: Record<string, unknown> = current ? { ...current } : { ...initial };
      delete base.id;
      delete base.version;
      for (const [field, delta] of Object.entries(deltas)) {
        const before = base[field] ?? 0;
        if (typeof before !== "number") throw new TypeError(`${this.spec.name}/${id}.${field} is not a number`);
        base[field] = before + delta;
      }
      return this.write(id, base as T, current?.version ?? 0);
    });
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

  private read(id: string): Stored<T> | undefined {
    const row = prepare(this.db, `SELECT id, version, doc FROM ${table(this.spec.name)} WHERE id = ?`).get(id) as Row | undefined;
    return row ? this.toStored(row) : undefined;
  }

  private write(id: string, doc: T, expectedVersion: number): Stored<T> {
    const { id: _id, version: _version, ...fields } = doc as Record<string, unknown>;
    const json = JSON.stringify({ ...fields, _schema: this.spec.schemaVersion ?? 1 });
    const name = table(this.spec.name);
    const changed =
      expectedVersion === 0
        ? prepare(this.db, `INSERT INTO ${name} (id, version, doc) VALUES (?, 1, ?) ON CONFLICT(id) DO NOTHING`).run(id, json).changes
        : prepare(this.db, `UPDATE ${name} SET version = version + 1, doc = ? WHERE id = ? AND version = ?`).run(json, id, expectedVersion)
            .changes;
    if (changed !== 1) {
      const actual =
        (prepare(this.db, `SELECT version FROM ${name} WHERE id = ?`).get(id) as { version: number } | undefined)?.version ?? 0;
      throw new VersionConflict(this.spec.name, id, expectedVersion, actual);
    }
    return { ...(fields as T), id, version: expectedVersion + 1 };
  }

  private toStored(row: Row): Stored<T> {
    const { _schema, ...fields } = JSON.parse(row.doc) as Record<string, unknown>;
    return { ...(fields as T), id: row.id, version: row.version };
  }
}

export class SqliteStore implements DocumentStore {
  private readonly turns = new Turns();
  private readonly declared: Declared;
  private closed = false;
  /** The open group (see group()) of the async context, if any: its work runs inside its turn. */
  private readonly grouped = new AsyncLocalStorage<{ open: boolean }>();
  private readonly commits: CommitQueue;

  private constructor(
    private readonly db: Database.Database,
    specs: CollectionSpec[],
  ) {
    this.declared = new Declared(specs);
    this.commits = new CommitQueue(db, this.turns);
  }

  /** Opens (creating if needed) the database file and declares its collections and indexes. */
  static open(file: string, specs: CollectionSpec[]): SqliteStore {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    // FULL: a commit is on disk before it is acknowledged, so it survives a crash of the machine
    // as well as of the process.
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    const store = new SqliteStore(db, specs);
    for (const spec of store.declared.all()) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table(spec.name)} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)`);
      for (const fields of [...spec.indexes.map((f) => [f]), ...(spec.compound ?? [])]) {
        const on = fields.map(column).join(", ");
        db.exec(`CREATE INDEX IF NOT EXISTS "ix_${spec.name}_${fields.join("_")}" ON ${table(spec.name)} (${on})`);
      }
    }
    return store;
  }

  private inGroup(): boolean {
    return this.grouped.getStore()?.open === true;
  }

  /** Takes a turn on the queue, unless a group of this context holds it already. */
  private turn<R>(fn: () => Promise<R> | R): Promise<R> {
    return this.inGroup() ? (async () => fn())() : this.turns.run(fn);
  }

  collection<T extends object>(spec: CollectionSpec<T>): Collection<T> {
    return new SqliteCollection<T>(this.db, this.declared, this.declared.spec(spec.name), (fn) => this.turn(fn));
  }

  group<R>(fn: () => Promise<R>): Promise<R> {
    if (this.inGroup()) return fn();
    return this.turns.run(async () => {
      const group = { open: true };
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await this.grouped.run(group, fn);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      } finally {
        group.open = false;
      }
    });
  }

  transaction<R>(fn: (tx: Collections) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    // Inside the transaction's turn, operations run directly: the turn is already ours.
    const tx: Collections = {
      collection: <T extends object>(spec: CollectionSpec<T>) =>
        new SqliteCollection<T>(this.db, this.declared, this.declared.spec(spec.name), async (op) => op()),
    };
    if (this.inGroup()) return this.commits.savepoint(() => fn(tx));
    return this.commits.submit(() => fn(tx), options.durable ?? true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.turns.run(() => this.db.close());
  }
}
