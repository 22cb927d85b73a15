// docs/architecture.md#sealed-personal-data: what mediation keeps about people (session notes, obligations naming
// obligors, decline and reassignment reasons) is sealed under the dispute's data key in the real embedded store's file, read back
// whole, and erased with that key when the retention period after closing ends.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, retentionSchema } from "@mediation/config";
import { SqliteStore } from "@mediation/store";
import { DATA_KEYS, Envelope, eraseExpired, KeyRing, sealingStore } from "@mediation/store/sealing";
import { tempDir } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { mediationSealing } from "../src/adapters/store/sealing-rules.js";
import { CASES, MEDIATION_COLLECTIONS } from "../src/application/collections.js";
import { reassignCase } from "../src/domain/assignment.js";
import { acceptOffer, closeCase, declineOffer, offerCase, openCase, recordSession } from "../src/domain/case.js";

const at = (text: string) => new Date(text);
const { RETENTION_PERIOD } = loadConfig(retentionSchema, { RETENTION_PERIOD: "P1Y" });

function closedCase() {
  let c = openCase({
    caseId: "c-1",
    disputeId: "d-1",
    centreCode: "JD01",
    category: "FAMILY",
    channel: "PEOPLES_MEDIATION",
    routedAt: "2026-11-02T01:00:00.000Z",
    submittedAt: "2026-11-02T00:00:00.000Z",
    preferredMediatorId: "",
  });
  c = offerCase(c, "M-1", "o-1", at("2026-11-02T02:00:00Z"), at("2026-11-02T06:00:00Z"));
  c = declineOffer(c, "M-1", "o-1", "我与当事人赵大伟是亲戚");
  c = offerCase(c, "M-2", "o-2", at("2026-11-02T03:00:00Z"), at("2026-11-02T07:00:00Z"));
  c = acceptOffer(c, "M-2", "o-2", at("2026-11-02T04:00:00Z"), at("2026-12-02T04:00:00Z"));
  c = recordSession(c, "M-2", at("2026-11-03T04:00:00Z"), "钱小红承认借款两万元");
  const m3 = {
    mediatorId: "M-3",
    displayName: "M-3",
    centreCode: "JD01",
    channels: ["PEOPLES_MEDIATION" as const],
    categories: ["FAMILY" as const],
    languages: [],
    maxOpenCases: 5,
    status: "AVAILABLE" as const,
  };
  c = reassignCase(c, m3, { supervisorId: "S-JD01", reason: "M-2与孙小梅是邻居", at: at("2026-11-04T04:00:00Z") }, "DISTRICT");
  const obligation = { obligor: "钱小红", terms: "向赵大伟归还两万元", manner: "银行转账", dueBy: "2026-12-31T00:00:00.000Z" };
  const closing = { outcome: "AGREEMENT" as const, obligations: [obligation], refusedBy: "", partiesToldOfOtherRoutes: false };
  return closeCase(c, "M-3", closing, at("2026-11-10T04:00:00Z"), at("2026-12-10T04:00:00Z"));
}

describe("a mediation case at rest", () => {
  it("keeps notes, obligations, decline and reassignment reasons sealed in the file and reads them back whole", async () => {
    const dir = tempDir("mediation-sealed-");
    const raw = SqliteStore.open(join(dir.path, "mediation.sqlite"), MEDIATION_COLLECTIONS);
    const store = sealingStore(
      raw,
      new Envelope(new KeyRing([{ id: "k1", key: Buffer.alloc(32, 7) }])),
      mediationSealing(RETENTION_PERIOD),
    );
    const closed = closedCase();
    await store.transaction((tx) => tx.collection(CASES).put("c-1", closed, 0));
    const read = await store.collection(CASES).get("c-1");
    expect(read?.obligations).toEqual(closed.obligations);
    expect(read?.sessions).toEqual(closed.sessions);
    expect(read?.offers[0]?.declineReason).toBe("我与当事人赵大伟是亲戚");
    expect(read?.reassignments).toEqual([
      { at: "2026-11-04T04:00:00.000Z", fromMediatorId: "M-2", toMediatorId: "M-3", supervisorId: "S-JD01", reason: "M-2与孙小梅是邻居" },
    ]);
    // Indexed fields stay open: the roster's load queries still work.
    expect(await store.collection(CASES).count({ where: { holderId: "M-3" } })).toBe(1);
    // Closing scheduled the erasure one retention period after it.
    expect((await raw.collection(DATA_KEYS).get("d-1"))?.eraseAfter).toBe("2027-11-10T04:00:00.000Z");
    await raw.close();

    const bytes = Buffer.concat(readdirSync(dir.path).map((f) => readFileSync(join(dir.path, f))));
    for (const text of ["赵大伟", "钱小红", "两万元", "银行转账", "亲戚", "孙小梅", "邻居"])
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);
    expect(bytes.includes(Buffer.from("M-2"))).toBe(true);
    dir.remove();
  });

  it("loses what named people once its retention has ended, and keeps the rest", async () => {
    const dir = tempDir("mediation-erased-");
    const raw = SqliteStore.open(join(dir.path, "mediation.sqlite"), MEDIATION_COLLECTIONS);
    const store = sealingStore(
      raw,
      new Envelope(new KeyRing([{ id: "k1", key: Buffer.alloc(32, 7) }])),
      mediationSealing(RETENTION_PERIOD),
    );
    await store.collection(CASES).put("c-1", closedCase(), 0);
    expect(await eraseExpired(raw, at("2027-11-10T03:59:59Z"))).toEqual([]);
    expect(await eraseExpired(raw, at("2027-11-10T04:00:00Z"))).toEqual(["d-1"]);
    const erased = await store.collection(CASES).get("c-1");
    expect(erased).toMatchObject({ personalDataErased: true, outcome: "AGREEMENT", holderId: "M-3", obligations: [] });
    expect(erased?.sessions).toEqual([{ heldAt: "2026-11-03T04:00:00.000Z", note: "" }]);
    expect(erased?.offers[0]).not.toHaveProperty("declineReason");
    expect(erased?.reassignments?.map((r) => [r.toMediatorId, r.reason])).toEqual([["M-3", ""]]);
    // A later change of the case (a late timer) still writes, without any key.
    if (!erased) throw new Error("the case is gone");
    const { id: _id, version, ...doc } = erased;
    await store.collection(CASES).put("c-1", { ...doc, confirmationReminderSent: true }, version);
    expect((await store.collection(CASES).get("c-1"))?.confirmationReminderSent).toBe(true);
    await raw.close();
    dir.remove();
  });
});
