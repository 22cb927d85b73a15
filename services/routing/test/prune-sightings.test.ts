import { join } from "node:path";
import { SqliteStore } from "@mediation/store";
import { tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROUTING_COLLECTIONS, SIGHTINGS } from "../src/application/collections.js";
import { pruneSightings } from "../src/application/prune-sightings.js";
import { shipped } from "./shipped-policy.js";

const DAY_MS = 86_400_000;

describe("pruning respondent sightings", () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;

  beforeEach(() => {
    dir = tempDir();
    store = SqliteStore.open(join(dir.path, "routing.sqlite"), ROUTING_COLLECTIONS);
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it("removes, in batches, the sightings older than the risk window and a day, and keeps those inside it", async () => {
    const now = new Date("2026-11-30T00:00:00Z");
    const window = shipped.risk.sameRespondent.withinDays;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
    await store.transaction(async (tx) => {
      const sightings = tx.collection(SIGHTINGS);
      for (let i = 0; i < 2_100; i++)
        await sightings.put(`k:old${i}`, { respondentKey: "k", disputeId: `old${i}`, centreCode: "JD01", submittedAt: at(window + 2) }, 0);
      await sightings.put("k:edge", { respondentKey: "k", disputeId: "edge", centreCode: "JD01", submittedAt: at(window) }, 0);
      await sightings.put("k:new", { respondentKey: "k", disputeId: "new", centreCode: "JD01", submittedAt: at(1) }, 0);
    });
    expect(await pruneSightings(store, shipped, now)).toBe(2_100);
    const left = (await store.collection(SIGHTINGS).find({ sort: { field: "id" } })).map((s) => s.disputeId);
    expect(left).toEqual(["edge", "new"]);
  });
});
