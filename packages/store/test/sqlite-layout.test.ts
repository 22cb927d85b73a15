// The embedded store's tables keep their rowid (sqlite-store.ts says why), and a field that a compound
// index begins with gets no index of its own (declared.ts, indexesToBuild).
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { defineCollection, SqliteStore } from "../src/index.js";
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
  it("keep their rowid: a count through an expression index then reads the index alone", async () => {
    const dir = tempDir("store-layout-");
    const file = join(dir.path, "store.sqlite");
    const store = SqliteStore.open(file, CONTRACT_SPECS);
    await store.close();
    const made = tableSql(file);
    expect(made).toHaveLength(CONTRACT_SPECS.length);
    for (const sql of made) expect(sql).not.toMatch(/WITHOUT ROWID/);
    dir.remove();
  });
});

describe("embedded SQLite indexes", () => {
  type Sighting = { respondentKey: string; submittedAt: string; kind: string };
  const SIGHTINGS = defineCollection<Sighting>("sightings", {
    indexes: ["respondentKey", "submittedAt", "kind"],
    compound: [["respondentKey", "submittedAt"]],
  });
  const indexesOf = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix\\_%' ESCAPE '\\' ORDER BY name")
        .pluck()
        .all();
    } finally {
      db.close();
    }
  };

  it("build none of a field a compound index begins with, drop the one an earlier version built, and answer its queries through the compound", async () => {
    const dir = tempDir("store-indexes-");
    const file = join(dir.path, "store.sqlite");
    const before = new Database(file);
    before.exec(`CREATE TABLE "c_sightings" (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)`);
    before.exec(`CREATE INDEX "ix_sightings_respondentKey" ON "c_sightings" (json_extract(doc, '$.respondentKey'))`);
    before.close();
    const store = SqliteStore.open(file, [SIGHTINGS]);
    expect(indexesOf(file)).toEqual(["ix_sightings_kind", "ix_sightings_respondentKey_submittedAt", "ix_sightings_submittedAt"]);
    const sightings = store.collection(SIGHTINGS);
    for (const [i, key] of ["r1", "r2", "r1", "r1"].entries())
      await sightings.put(`s${i}`, { respondentKey: key, submittedAt: `2026-11-0${i + 1}`, kind: "x" }, 0);
    expect((await sightings.find({ where: { respondentKey: "r1" }, sort: { field: "respondentKey" } })).map((s) => s.id)).toEqual([
      "s0",
      "s2",
      "s3",
    ]);
    expect(await sightings.count({ range: { field: "respondentKey", gt: "r1" } })).toBe(1);
    await store.close();
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM "c_sightings" WHERE json_extract(doc, '$.respondentKey') = ?`)
      .all("r1") as Array<{ detail: string }>;
    db.close();
    expect(plan.map((p) => p.detail).join(" ")).toMatch(/ix_sightings_respondentKey_submittedAt/);
    dir.remove();
  });
});
