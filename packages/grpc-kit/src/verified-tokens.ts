// Tokens verified a moment ago, taken again without verifying their signature (docs/architecture.md#security).
// A street centre's client sends the same token with every call for hours; checking its signature each
// time was 7–8% of intake's thread in `pnpm bench intake`. A token is trusted again for at
// most TRUSTED_FOR_MS, and never past its expiry or its maximum age, so it is refused at the same moment
// as without this. A key withdrawn from the identity provider's set is refused at most TRUSTED_FOR_MS
// later than it would be otherwise (a set fetched from a URL is itself kept for up to ten minutes).
import { createHash } from "node:crypto";
import type { JWTPayload } from "jose";
import { LRUCache } from "lru-cache";

/** How long a verified token is taken on trust. */
export const TRUSTED_FOR_MS = 30_000;
/** At most this many tokens are held; the least recently used go first. */
export const MAX_TOKENS = 1_000;

interface Clock {
  now(): number;
}

export class VerifiedTokens {
  /** By the token's SHA-256, so the tokens themselves are not kept: its claims, and when it expires or grows too old. */
  private readonly tokens: LRUCache<string, { claims: JWTPayload; validUntil: number }>;

  /**
   * `wall`: milliseconds since the epoch, which a token's expiry and age are measured in; `elapsed`: a clock
   * that only moves forward, for TRUSTED_FOR_MS (a wall clock set back must not lengthen it). Fakes in tests.
   */
  constructor(
    private readonly maxTokenAgeSeconds: number,
    private readonly wall: Clock = Date,
    elapsed: Clock = performance,
  ) {
    // The cache keeps an entry while (now - set) <= ttl: one millisecond less ends it at TRUSTED_FOR_MS itself.
    this.tokens = new LRUCache({ max: MAX_TOKENS, ttl: TRUSTED_FOR_MS - 1, perf: elapsed, ttlResolution: 0 });
  }

  /** The claims of a token verified within TRUSTED_FOR_MS that has not expired or grown too old since. */
  claimsOf(token: string): JWTPayload | undefined {
    const key = keyOf(token);
    const held = this.tokens.get(key);
    if (!held) return undefined;
    if (this.wall.now() < held.validUntil) return held.claims;
    this.tokens.delete(key);
    return undefined;
  }

  /** Takes a token just verified (signature and claims), with its claims. */
  remember(token: string, claims: JWTPayload): void {
    const ends = [Number.POSITIVE_INFINITY];
    if (typeof claims.exp === "number") ends.push(claims.exp * 1000);
    if (typeof claims.iat === "number") ends.push((claims.iat + this.maxTokenAgeSeconds) * 1000);
    const validUntil = Math.min(...ends);
    if (this.wall.now() < validUntil) this.tokens.set(keyOf(token), { claims, validUntil });
  }
}

const keyOf = (token: string) => createHash("sha256").update(token).digest("base64url");
