// The chain on the real embedded store: entries commit with the change or not at all, verification
// names the first entry altered, removed or cut off, and queries filter by record, person, centre and time.
import { join } from "node:path";
import { defineCollection, SqliteStore } from "@mediation/store";
import { tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Actor, AUDIT_COLLECTIONS, AUDIT_ENTRIES, AuditTrail, findAuditEntries, verifyAuditTrail } from "../src/index.js";

const NOTES = defineCollection<{ text: string }>("notes", { indexes: [] });
const actor = (subject: string, centreCode = "JD01"): Actor => ({
  subject,
  role: "supervisor",
  centreCode,
  mediatorId: "",
  peer: "ipv4:127.0.0.1:5000",
  traceId: "0af7651916cd43dd8448eb211c80319c",
});

describe("the audit trail", () => {
  const dir = tempDir("audit-");
  let store: SqliteStore;
  let clock = Date.parse("2026-11-30T01:00:00.000Z");
  const trail = new AuditTrail("intake", () => {
    clock += 1000;
    return new Date(clock);
  });

  beforeEach(() => {
    store = SqliteStore.open(join(dir.path, `${Math.random()}.sqlite`), [NOTES, ...AUDIT_COLLECTIONS]);
  });
  afterEach(async () => {
    await store.close();
  });

  const fill = async () => {
    await trail.recordRead(store, actor("s1"), { action: "dispute.read", recordKind: "dispute", recordId: "d1", centreCode: "JD01" });
    await trail.recordRead(store, actor("s2", "JD02"), {
      action: "dispute.read",
      recordKind: "dispute",
      recordId: "d2",
      centreCode: "JD02",
    });
    await store.transaction(async (tx) => {
      await tx.collection(NOTES).put("n1", { text: "changed" }, 0);
      await trail.record(tx, actor("s1"), { action: "dispute.withdraw", recordKind: "dispute", recordId: "d1", centreCode: "JD01" });
    });
  };

  it("chains each entry to the one before and verifies intact", async () => {
    await fill();
    const entries = (await store.collection(AUDIT_ENTRIES).find({ sort: { field: "id" } })).map((e) => e);
    expect(entries.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(entries[0]?.previousHash).toBe("");
    expect(entries[1]?.previousHash).toBe(entries[0]?.hash);
    expect(entries[2]).toMatchObject({ subject: "s1", role: "supervisor", peer: "ipv4:127.0.0.1:5000", action: "dispute.withdraw" });
    expect(await verifyAuditTrail(store)).toEqual({ intact: true, checked: 3, brokenSequence: 0, problem: "" });
  });

  it("commits nothing when the change's transaction fails", async () => {
    await expect(
      store.transaction(async (tx) => {
        await trail.record(tx, actor("s1"), { action: "dispute.withdraw", recordKind: "dispute", recordId: "d1", centreCode: "JD01" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await store.collection(AUDIT_ENTRIES).count()).toBe(0);
    expect(await verifyAuditTrail(store)).toMatchObject({ intact: true, checked: 0 });
  });

  it("names the entry altered in the store", async () => {
    await fill();
    const rows = store.collection(AUDIT_ENTRIES);
    const second = await rows.get("000000000002");
    await rows.put("000000000002", { ...second!, subject: "someone-else" }, second!.version);
    expect(await verifyAuditTrail(store)).toMatchObject({
      intact: false,
      checked: 1,
      brokenSequence: 2,
      problem: expect.stringMatching(/altered/),
    });
  });

  it("names the gap when an entry is removed, and the cut when the last one is", async () => {
    await fill();
    const rows = store.collection(AUDIT_ENTRIES);
    const second = await rows.get("000000000002");
    await rows.delete("000000000002", second!.version);
    expect(await verifyAuditTrail(store)).toMatchObject({
      intact: false,
      brokenSequence: 3,
      problem: expect.stringMatching(/2 was expected/),
    });
    await rows.put("000000000002", { ...second!, id: undefined, version: undefined } as never, 0);
    expect(await verifyAuditTrail(store)).toMatchObject({ intact: true, checked: 3 });
    const third = await rows.get("000000000003");
    await rows.delete("000000000003", third!.version);
    expect(await verifyAuditTrail(store)).toMatchObject({ intact: false, brokenSequence: 3, problem: expect.stringMatching(/missing/) });
  });

  it("finds entries by record, person, centre and time, a page at a time", async () => {
    await fill();
    const ids = async (filter: Parameters<typeof findAuditEntries>[1]) =>
      (await findAuditEntries(store, filter, 0)).entries.map((e) => e.sequence);
    expect(await ids({ recordId: "d1" })).toEqual([1, 3]);
    expect(await ids({ subject: "s2" })).toEqual([2]);
    expect(await ids({ centreCode: "JD01" })).toEqual([1, 3]);
    const second = (await store.collection(AUDIT_ENTRIES).get("000000000002"))!;
    expect(await ids({ from: new Date(second.at) })).toEqual([2, 3]);
    expect(await ids({ to: new Date(second.at) })).toEqual([1]);
    const first = await findAuditEntries(store, {}, 2);
    expect(first.entries.map((e) => e.sequence)).toEqual([1, 2]);
    expect((await findAuditEntries(store, {}, 2, first.nextAfter)).entries.map((e) => e.sequence)).toEqual([3]);
    await expect(findAuditEntries(store, {}, 501)).rejects.toThrow(/page_size/);
  });
});
