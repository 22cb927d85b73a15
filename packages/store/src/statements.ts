// The embedded store's SQL names and its prepared statements, shared by its collections and its
// held documents.
import type Database from "better-sqlite3";

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
