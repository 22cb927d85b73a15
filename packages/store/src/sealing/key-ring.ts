// The key-encryption keys (docs/architecture.md#sealed-personal-data): several AES-256 keys, each with an id.
// The newest wraps every new data key; older ones still open what they wrapped until a re-seal moves it on.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const KEY_ID = /^[a-z0-9-]{1,16}$/;

/** A sealed value names a key this service does not hold: a configuration problem, never garbage. */
export class MissingKey extends Error {
  override name = "MissingKey";
  constructor(
    readonly keyId: string,
    known: string[],
  ) {
    super(
      `sealed with key "${keyId}", which is not configured (this service holds ${known.map((k) => `"${k}"`).join(", ")}); add it to PII_OLD_KEYS`,
    );
  }
}

export interface KeyEntry {
  id: string;
  key: Buffer;
}

export class KeyRing {
  private readonly keys = new Map<string, Buffer>();
  /** The id of the key that seals everything new. */
  readonly newestId: string;

  /** `entries[0]` is the newest key. Ids must be unique and every key 32 bytes. */
  constructor(entries: KeyEntry[]) {
    if (entries.length === 0) throw new Error("a key ring needs at least one key");
    for (const { id, key } of entries) {
      if (!KEY_ID.test(id)) throw new Error(`key id "${id}" must be 1-16 lower-case letters, digits or -`);
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes (base64 of 32 random bytes); it is ${key.length}`);
      if (this.keys.has(id)) throw new Error(`key id "${id}" is given twice`);
      this.keys.set(id, key);
    }
    this.newestId = (entries[0] as KeyEntry).id;
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  /** Old key ids: what a re-seal moves away from. */
  get olderIds(): string[] {
    return this.ids.filter((id) => id !== this.newestId);
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new MissingKey(id, this.ids);
    return key;
  }

  /** Encrypts bytes with the newest key: `{ keyId, box }`, box = base64 of iv ‖ tag ‖ ciphertext. */
  encrypt(plain: Buffer): { keyId: string; box: string } {
    return { keyId: this.newestId, box: encryptWith(this.key(this.newestId), plain) };
  }

  decrypt(keyId: string, box: string): Buffer {
    return decryptWith(this.key(keyId), box);
  }
}

/** AES-256-GCM with a fresh 96-bit nonce; the result is base64 of iv ‖ tag ‖ ciphertext. */
export function encryptWith(key: Buffer, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** Opens what `encryptWith` made; a wrong key or altered bytes throw (GCM's tag), never return garbage. */
export function decryptWith(key: Buffer, box: string): Buffer {
  const raw = Buffer.from(box, "base64");
  if (raw.length < 28) throw new Error("a sealed value is too short to be one");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}
