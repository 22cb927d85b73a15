// Sensitive fields are encrypted at rest (docs/architecture.md#security; PIPL): AES-256-GCM from node:crypto, with
// the key from configuration. A sealed value names its key, so keys can be rotated.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export class PiiCipher {
  private readonly key: Buffer;

  constructor(
    key: Buffer,
    private readonly keyId: string,
  ) {
    if (key.length !== 32) throw new Error(`the PII key must be 32 bytes (base64 of 32 random bytes); it is ${key.length}`);
    this.key = key;
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return `${this.keyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  open<T>(sealed: string): T {
    const [keyId, data] = sealed.split(":");
    if (keyId !== this.keyId || !data) throw new Error(`sealed with key "${keyId}", not the configured "${this.keyId}"`);
    const raw = Buffer.from(data, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as T;
  }
}
