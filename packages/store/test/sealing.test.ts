// Envelope sealing on the real embedded store: per-owner data keys wrapped by named keys, rotation by re-wrapping,
// crypto-shredding by destroying a data key, and clear errors instead of garbage.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@mediation/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { defineCollection, SqliteStore } from "../src/index.js";
import {
  DATA_KEYS,
  Envelope,
  encryptWith,
  eraseExpired,
  KeyRing,
  MissingKey,
  resealDataKeys,
  type SealingRule,
  sealingStore,
} from "../src/sealing/index.js";

interface Note {
  owner: string;
  topic: string;
  text?: string;
  personalDataErased?: boolean;
}
const NOTES = defineCollection<Note>("notes", { indexes: ["topic"] });
const rule: SealingRule<Note> = {
  spec: NOTES,
  owner: (d) => d.owner,
  sensitive: (d) => (d.personalDataErased || d.text === undefined ? undefined : { text: d.text }),
  withoutSensitive: ({ text: _t, ...open }) => open,
  restore: (open, s) => (s ? { ...open, ...(s as { text: string }) } : { ...open, personalDataErased: true }),
};
const k1 = { id: "k1", key: randomBytes(32) };
const k2 = { id: "k2", key: randomBytes(32) };

const dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});
function open(ring: KeyRing, path?: string) {
  const dir = tempDir("sealing-");
  dirs.push(dir);
  const file = path ?? join(dir.path, "s.sqlite");
  const raw = SqliteStore.open(file, [NOTES, DATA_KEYS]);
  return { raw, file, dir: dir.path, store: sealingStore(raw, new Envelope(ring), [rule]) };
}

describe("sealing a collection's personal part", () => {
  it("stores only ciphertext, keeps indexed fields queryable, and reads the document back whole", async () => {
    const { raw, store, file } = open(new KeyRing([k1]));
    await store.transaction((tx) => tx.collection(NOTES).put("n1", { owner: "d1", topic: "FAMILY", text: "张三丰欠款五千" }, 0));
    expect((await store.collection(NOTES).find({ where: { topic: "FAMILY" } }))[0]?.text).toBe("张三丰欠款五千");
    const stored = await raw.collection(NOTES).get("n1");
    expect(stored).not.toHaveProperty("text");
    expect((stored as unknown as { sealed: string }).sealed).toMatch(/^dk\.d1:/);
    expect((await raw.collection(DATA_KEYS).get("d1"))?.kekId).toBe("k1");
    await raw.close();
    const bytes = Buffer.concat(readdirSync(join(file, "..")).map((f) => readFileSync(join(file, "..", f))));
    expect(bytes.includes(Buffer.from("张三丰"))).toBe(false);
  });

  it("opens old keys after rotation, seals new owners with the newest, and re-wraps so the old key can go", async () => {
    const first = open(new KeyRing([k1]));
    await first.store.collection(NOTES).put("n1", { owner: "d1", topic: "T", text: "old" }, 0);
    const rotated = sealingStore(first.raw, new Envelope(new KeyRing([k2, k1])), [rule]);
    await rotated.collection(NOTES).put("n2", { owner: "d2", topic: "T", text: "new" }, 0);
    expect((await first.raw.collection(DATA_KEYS).get("d2"))?.kekId).toBe("k2");
    expect((await rotated.collection(NOTES).get("n1"))?.text).toBe("old");

    const progress: number[] = [];
    const result = await resealDataKeys(first.raw, new KeyRing([k2, k1]), { onProgress: (p) => progress.push(p.moved) });
    expect(result).toMatchObject({ moved: 1, total: 1, unknown: 0, newestId: "k2" });
    expect(progress).toEqual([1]);
    const onlyNew = sealingStore(first.raw, new Envelope(new KeyRing([k2])), [rule]);
    expect((await onlyNew.collection(NOTES).get("n1"))?.text).toBe("old");
    expect(await resealDataKeys(first.raw, new KeyRing([k2, k1]))).toMatchObject({ moved: 0, total: 0 });
  });

  it("names a key it does not hold instead of returning garbage", async () => {
    const { raw, store } = open(new KeyRing([k1]));
    await store.collection(NOTES).put("n1", { owner: "d1", topic: "T", text: "x" }, 0);
    const without = sealingStore(raw, new Envelope(new KeyRing([k2])), [rule]);
    const error = await without
      .collection(NOTES)
      .get("n1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingKey);
    expect((error as Error).message).toMatch(/sealed with key "k1", which is not configured .*"k2".*PII_OLD_KEYS/);
    // The right id with the wrong bytes fails GCM's check: never a wrong plaintext.
    const wrongBytes = sealingStore(raw, new Envelope(new KeyRing([{ id: "k1", key: randomBytes(32) }])), [rule]);
    await expect(wrongBytes.collection(NOTES).get("n1")).rejects.toThrow(/unable to authenticate|auth/i);
  });

  it("opens a value sealed directly with a ring key, as intake did before data keys", async () => {
    const envelope = new Envelope(new KeyRing([k2, k1]));
    const legacy = `k1:${encryptWith(k1.key, Buffer.from(JSON.stringify({ text: "before" })))}`;
    const { raw } = open(new KeyRing([k1]));
    expect(await envelope.open(raw, legacy)).toEqual({ text: "before" });
  });

  it("erases an owner whose retention ended: its data is gone for good, others stay", async () => {
    const { raw, store } = open(new KeyRing([k1]));
    await store.collection(NOTES).put("n1", { owner: "d1", topic: "T", text: "one" }, 0);
    await store.collection(NOTES).put("n2", { owner: "d2", topic: "T", text: "two" }, 0);
    const envelope = new Envelope(new KeyRing([k1]));
    await envelope.scheduleErasure(raw, "d1", new Date("2026-01-01T00:00:00Z"));
    await envelope.scheduleErasure(raw, "d2", new Date("2027-01-01T00:00:00Z"));
    expect(await eraseExpired(raw, new Date("2026-06-01T00:00:00Z"))).toEqual(["d1"]);
    expect(await store.collection(NOTES).get("n1")).toMatchObject({ topic: "T", personalDataErased: true });
    expect(await store.collection(NOTES).get("n1")).not.toHaveProperty("text");
    expect((await store.collection(NOTES).get("n2"))?.text).toBe("two");
    const tombstone = await raw.collection(DATA_KEYS).get("d1");
    expect(tombstone).toMatchObject({ kekId: "", wrapped: "", erasedAt: "2026-06-01T00:00:00.000Z" });
    expect(await eraseExpired(raw, new Date("2026-06-02T00:00:00Z"))).toEqual([]);
    // A later write of the erased document stores its open part only, and needs no key.
    const erased = await store.collection(NOTES).get("n1");
    await store.collection(NOTES).put("n1", { ...(erased as Note), topic: "U" }, erased?.version ?? 0);
    expect((await raw.collection(NOTES).get("n1")) as unknown).not.toHaveProperty("sealed");
  });
});

describe("a key ring", () => {
  it("refuses duplicate ids, bad ids and keys that are not 32 bytes", () => {
    expect(() => new KeyRing([k1, { id: "k1", key: randomBytes(32) }])).toThrow(/given twice/);
    expect(() => new KeyRing([{ id: "K 1", key: randomBytes(32) }])).toThrow(/lower-case/);
    expect(() => new KeyRing([{ id: "k3", key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(new KeyRing([k2, k1]).olderIds).toEqual(["k1"]);
  });
});
