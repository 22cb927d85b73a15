// Envelope encryption of personal data (docs/architecture.md#sealed-personal-data). Each owner (a dispute) has
// its own AES-256 data key, stored wrapped by a key-encryption key of the key ring and named by its id. Rotating a
// key-encryption key re-wraps data keys only (reseal.ts); erasing an owner's data deletes its data key
// (crypto-shredding, retention.ts), after which its sealed values can never be opened again.
import { randomBytes } from "node:crypto";
import { type Collections, defineCollection } from "../port.js";
import { decryptWith, encryptWith, type KeyRing } from "./key-ring.js";

/** One owner's data key. After erasure only a tombstone stays: `kekId` and `wrapped` empty, `erasedAt` set. */
export interface DataKey {
  /** The key-encryption key that wrapped it; "" once erased. */
  kekId: string;
  wrapped: string;
  createdAt: string;
  /** When its owner's retention ends (ISO-8601), or "" while it is not yet scheduled. */
  eraseAfter: string;
  erasedAt?: string;
}

export const DATA_KEYS = defineCollection<DataKey>("data_keys", { indexes: ["kekId", "eraseAfter"], schemaVersion: 1 });

/** The owner's personal data was erased at the end of its retention period: answered, not an error to hide. */
export class Erased extends Error {
  override name = "Erased";
  constructor(
    readonly owner: string,
    readonly erasedAt: string,
  ) {
    super(`the personal data of ${owner} was erased at ${erasedAt} when its retention period ended`);
  }
}

const PREFIX = "dk.";

/** Seals values under their owner's data key; opens those and values sealed directly with a ring key (before envelopes). */
export class Envelope {
  constructor(
    readonly ring: KeyRing,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Seals `value` (as JSON) with `owner`'s data key, creating that key in `tx` when the owner has none yet. */
  async seal(tx: Collections, owner: string, value: unknown): Promise<string> {
    const key = await this.dataKey(tx, owner, true);
    return `${PREFIX}${owner}:${encryptWith(key, Buffer.from(JSON.stringify(value), "utf8"))}`;
  }

  async open<T>(tx: Collections, sealed: string): Promise<T> {
    const at = sealed.lastIndexOf(":");
    if (at <= 0) throw new Error("not a sealed value");
    const head = sealed.slice(0, at);
    const box = sealed.slice(at + 1);
    const plain = head.startsWith(PREFIX)
      ? decryptWith(await this.dataKey(tx, head.slice(PREFIX.length), false), box)
      : this.ring.decrypt(head, box); // sealed directly with a ring key, before data keys existed
    return JSON.parse(plain.toString("utf8")) as T;
  }

  /** The owner of an envelope-sealed value; undefined for a value sealed directly with a ring key. */
  static ownerOf(sealed: string): string | undefined {
    const at = sealed.lastIndexOf(":");
    return sealed.startsWith(PREFIX) && at > 0 ? sealed.slice(PREFIX.length, at) : undefined;
  }

  /** Marks when `owner`'s personal data is to be erased (creating its data key if it had none). */
  async scheduleErasure(tx: Collections, owner: string, eraseAfter: Date): Promise<void> {
    const keys = tx.collection(DATA_KEYS);
    const found = await keys.get(owner);
    if (found?.erasedAt) return;
    if (!found) {
      await this.dataKey(tx, owner, true);
      return this.scheduleErasure(tx, owner, eraseAfter);
    }
    const { id: _id, version, ...doc } = found;
    if (doc.eraseAfter === eraseAfter.toISOString()) return;
    await keys.put(owner, { ...doc, eraseAfter: eraseAfter.toISOString() }, version);
  }

  private async dataKey(tx: Collections, owner: string, create: boolean): Promise<Buffer> {
    const keys = tx.collection(DATA_KEYS);
    const found = await keys.get(owner);
    if (found?.erasedAt) throw new Erased(owner, found.erasedAt);
    if (found) return this.ring.decrypt(found.kekId, found.wrapped);
    if (!create) throw new Error(`no data key for ${owner}: its sealed values cannot be opened (the data_keys collection lost it)`);
    const key = randomBytes(32);
    const { keyId, box } = this.ring.encrypt(key);
    await keys.put(owner, { kekId: keyId, wrapped: box, createdAt: this.now().toISOString(), eraseAfter: "" }, 0);
    return key;
  }
}
