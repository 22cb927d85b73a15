// The embedded store's SQL names, its prepared statements, and the one way a document's row is
// written at a version, shared by its collections and its held documents.
import type Database from "better-sqlite3";
import { VersionConflict } from "./errors.js";

export const table = (name: string) => `"c_${name}"`;
export const column = (field: string) => (field === "id" ? "id" : `json_extract(doc, '$.${field}')`);
/** Prepared statements by SQL text, per connection: preparing costs more than running a small one. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
export function prepare(db: Database.Database, sql: string): Database.Statement {
  const cache = statements.get(db) ?? new Map<string, Database.Statement>();
  statements.set(db, cache);
  const cached = cache.get(sql);
  if (cached) return cached;
  if (cache.size > 500) cache.clear();
  const statement = db.prepare(sql);
  cache.set(sql, statement);
  return statement;
}

/**
 * Writes a document's row as `version`, where the table holds it at `from` (0: not there, so it is
 * inserted); a row at another version, or one already there, is a conflict.
 */
export function writeRow(db: Database.Database, collection: string, id: string, json: string, from: number, version: number): void {
  const name = table(collection);
  const changed =
    from === 0
      ? prepare(db, `INSERT INTO ${name} (id, version, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`).run(id, version, json).changes
      : prepare(db, `UPDATE ${name} SET version = ?, doc = ? WHERE id = ? AND version = ?`).run(version, json, id, from).changes;
  if (changed !== 1) {
    const actual = (prepare(db, `SELECT version FROM ${name} WHERE id = ?`).get(id) as { version: number } | undefined)?.version ?? 0;
    throw new VersionConflict(collection, id, from, actual);
  }
}
