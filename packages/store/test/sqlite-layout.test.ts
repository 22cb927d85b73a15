// The embedded store makes its tables WITHOUT ROWID (one tree a table, sqlite-store.ts). A database
// whose tables an earlier version made with a rowid keeps them: the whole store contract holds on it.
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqliteStore } from "../src/index.js";
import { describeStoreContract } from "./contract.js";
import { CONTRACT_SPECS } from "./contract-specs.js";

/** How each collection's table was made, from the file's schema. */
function tableSql(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'c\\_%' ESCAPE '\\' ORDER BY name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe("embedded SQLite tables", () => {
  it("are made WITHOUT ROWID", async () => {
    const dir = tempDir("store-layout-");
    const file = join(dir.path, "store.sqlite");
    const store = SqliteStore.open(file, CONTRACT_SPECS);
    await store.close();
    const made = tableSql(file);
    expect(made).toHaveLength(CONTRACT_SPECS.length);
    for (const sql of made) expect(sql).toMatch(/\) WITHOUT ROWID$/);
    dir.remove();
  });
});

describeStoreContract("embedded SQLite, tables made with a rowid by an earlier version", async () => {
  const dir = tempDir("store-rowid-");
  const file = join(dir.path, "store.sqlite");
  const db = new Database(file);
  for (const spec of CONTRACT_SPECS)
    db.exec(`CREATE TABLE "c_${spec.name}" (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)`);
  db.close();
  const store = SqliteStore.open(file, CONTRACT_SPECS);
  return {
    store,
    cleanup: async () => {
      await store.close();
      // Still the tables the earlier version made: nothing here rebuilt them.
      for (const sql of tableSql(file)) expect(sql).not.toMatch(/WITHOUT ROWID/);
      dir.remove();
    },
  };
});
