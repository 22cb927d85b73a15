// Who an offer may go to, read from the real embedded store through its indexes: the case's centre,
// the district pool and the parties' chosen mediator, and nobody else of the roster.
import { join } from "node:path";
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { type TempDir, tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MEDIATION_COLLECTIONS } from "../src/application/collections.js";
import { candidatesFor, seedRoster } from "../src/application/roster.js";
import type { Mediator } from "../src/domain/roster.js";

const mediator = (mediatorId: string, centreCode = "JD01"): Mediator => ({
  mediatorId,
  displayName: mediatorId,
  centreCode,
  channels: ["PEOPLES_MEDIATION"],
  categories: ["FAMILY"],
  languages: [],
  maxOpenCases: 5,
  status: "AVAILABLE",
});

describe("the candidates for an offer", () => {
  let dir: TempDir;
  let store: DocumentStore;

  beforeEach(async () => {
    dir = tempDir("mediation-candidates-");
    store = SqliteStore.open(join(dir.path, "mediation.sqlite"), MEDIATION_COLLECTIONS);
    const others = Array.from({ length: 40 }, (_, i) => mediator(`M-JD${String(i + 10)}-01`, `JD${String(i + 10)}`));
    await seedRoster(store, {
      mediators: [
        mediator("M-JD01-01"),
        mediator("M-JD01-02"),
        mediator("P-DIST-01", "DISTRICT"),
        mediator("M-JD07-01", "JD07"),
        ...others,
      ],
      supervisors: {},
    });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const ids = async (centre: string, preferred: string) =>
    (await candidatesFor(store, centre, "DISTRICT", preferred)).map((m) => m.mediatorId).sort();

  it("are the case's centre and the district pool", async () => {
    expect(await ids("JD01", "")).toEqual(["M-JD01-01", "M-JD01-02", "P-DIST-01"]);
  });

  it("include the parties' chosen mediator from another centre, once", async () => {
    expect(await ids("JD01", "M-JD07-01")).toEqual(["M-JD01-01", "M-JD01-02", "M-JD07-01", "P-DIST-01"]);
    expect(await ids("JD01", "M-JD01-02")).toEqual(["M-JD01-01", "M-JD01-02", "P-DIST-01"]);
  });

  it("leave out a chosen mediator who is not on the roster", async () => {
    expect(await ids("JD07", "M-NOBODY")).toEqual(["M-JD07-01", "P-DIST-01"]);
  });
});
