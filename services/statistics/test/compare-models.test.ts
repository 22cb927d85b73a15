// A rebuild's comparison, a page at a time: every count that differs is found, in whichever page and
// whichever model it is, in the order both stores keep ids; owner records compare by what they wait for.
import { SqliteStore } from "@mediation/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DISPUTE_OWNERS, MONTHLY_COUNTS, SCRATCH_READ_MODEL_COLLECTIONS, STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { compareReadModels } from "../src/application/compare-models.js";
import { docId } from "../src/application/counts.js";
import type { OwnerRecord } from "../src/application/owners.js";

describe("comparing a rebuilt read model with the live one", () => {
  let live: SqliteStore;
  let rebuilt: SqliteStore;
  beforeEach(() => {
    live = SqliteStore.open(":memory:", STATISTICS_COLLECTIONS);
    rebuilt = SqliteStore.open(":memory:", SCRATCH_READ_MODEL_COLLECTIONS, { scratch: true });
  });
  afterEach(async () => {
    await live.close();
    await rebuilt.close();
  });

  const count = (store: SqliteStore, month: string, scope: string, received: number) =>
    store.collection(MONTHLY_COUNTS).put(docId(month, scope), { month, scope, received }, 0);
  const owner = (store: SqliteStore, disputeId: string, waiting: OwnerRecord["waiting"], since: string) =>
    store.collection(DISPUTE_OWNERS).put(disputeId, { disputeId, centreCode: "JD01", marks: [], routes: [], waiting, since }, 0);

  it("finds each count that differs, in any page, present in one model or both, past ids beyond plain ASCII", async () => {
    // Mediators named in Chinese, one with a character beyond the 16-bit range: JavaScript's own string
    // order puts it before "！" (U+FF01), the stores' byte order after.
    const scopes = [
      "district",
      "centre:JD01",
      "mediator:张",
      "mediator:！",
      "mediator:\u{20000}",
      "category:FAMILY",
      "channel:PEOPLES_MEDIATION",
    ];
    for (const month of ["2026-09", "2026-10"])
      for (const [i, scope] of scopes.entries()) {
        await count(live, month, scope, i + 1);
        await count(rebuilt, month, scope, i + 1);
      }
    await count(live, "2026-08", "district", 4);
    await count(rebuilt, "2026-11", "mediator:\u{20000}", 2);
    // A count in one model only, just before one in both, in the stores' order.
    await count(live, "2026-12", "mediator:！", 1);
    for (const store of [live, rebuilt]) await count(store, "2026-12", "mediator:\u{20000}", 2);
    await live.collection(MONTHLY_COUNTS).put(docId("2026-10", "mediator:！"), { month: "2026-10", scope: "mediator:！", received: 9 }, 1);
    // Corrections are not compared.
    await count(live, "2026-11", "correction:2026-09|district", 1);

    const differences = await compareReadModels(live, rebuilt, 3);
    expect(differences).toEqual([
      { month: "2026-08", scope: "district", figure: "received", live: 4, rebuilt: 0 },
      { month: "2026-10", scope: "mediator:！", figure: "received", live: 9, rebuilt: 4 },
      { month: "2026-11", scope: "mediator:\u{20000}", figure: "received", live: 0, rebuilt: 2 },
      { month: "2026-12", scope: "mediator:！", figure: "received", live: 1, rebuilt: 0 },
    ]);
    // The same, a page holding everything.
    expect(await compareReadModels(live, rebuilt)).toEqual(differences);
  });

  it("compares the owner records still waiting for an owner: kind and since, in either model", async () => {
    await owner(live, "A", "TRIAGE", "2026-10-01T00:00:00Z");
    await owner(rebuilt, "A", "TRIAGE", "2026-10-01T00:00:00Z");
    await owner(live, "B", "ESCALATION", "2026-10-02T00:00:00Z");
    await owner(rebuilt, "B", "", "");
    await owner(rebuilt, "C", "AWAITING_MEDIATOR", "2026-10-03T00:00:00Z");
    await owner(live, "D", "TRIAGE", "2026-10-04T00:00:00Z");
    await owner(rebuilt, "D", "TRIAGE", "2026-10-05T00:00:00Z");
    // Waiting for no one in one model and absent from the other: the same.
    await owner(live, "E", "", "");
    expect((await compareReadModels(live, rebuilt)).map((d) => `${d.scope} ${d.figure} ${d.live}/${d.rebuilt}`)).toEqual([
      "owner:B waiting:ESCALATION 1/0",
      "owner:C waiting:AWAITING_MEDIATOR 0/1",
      // Waiting for the same kind since another time: the kind (in both) and since (differs).
      "owner:D waiting_since 1/1",
      "owner:D waiting:TRIAGE 1/1",
    ]);
  });
});
