// Tokens verified a moment ago, taken again without verifying their signature (docs/architecture.md#security).
// A street centre's client sends the same token with every call for hours; checking its signature each
// time was 7–8% of intake's thread in `pnpm bench intake`. A token is trusted again for at
// most TRUSTED_FOR_MS, and never past its expiry or its maximum age, so it is refused at the same moment
// as without this. A key withdrawn from the identity provider's set is refused at most TRUSTED_FOR_MS
// later than it would be otherwise (a set fetched from a URL is itself kept for up to ten minutes).
import type { JWTPayload } from "jose";
import { LRUCache } from "lru-cache";

/** How long a verified token is taken on trust. */
export const TRUSTED_FOR_MS = 30_000;
/** At most this many tokens are held (a few hundred bytes each); the least recently used go first. */
export const MAX_TOKENS = 1_000;

export class VerifiedTokens {
  private readonly tokens: LRUCache<string, JWTPayload>;

  /** `clock`: the wall clock in milliseconds since the epoch (a fake one in tests). */
  constructor(
    private readonly maxTokenAgeSeconds: number,
    private readonly clock: { now(): number } = Date,
  ) {
    this.tokens = new LRUCache<string, JWTPayload>({ max: MAX_TOKENS, perf: clock, ttlResolution: 0 });
  }

  /** The claims of a token verified within TRUSTED_FOR_MS that has not expired or grown too old since. */
  claimsOf(token: string): JWTPayload | undefined {
    return this.tokens.get(token);
  }

  /** Takes a token just verified (signature and claims), with its claims. */
  remember(token: string, claims: JWTPayload): void {
    const now = this.clock.now();
    const ends = [now + TRUSTED_FOR_MS];
    if (typeof claims.exp === "number") ends.push(claims.exp * 1000);
    if (typeof claims.iat === "number") ends.push((claims.iat + this.maxTokenAgeSeconds) * 1000);
    // The cache keeps an entry while (now - set) <= ttl: one millisecond less ends it at the bound itself.
    const ttl = Math.min(...ends) - now - 1;
    if (ttl > 0) this.tokens.set(token, claims, { ttl });
  }
}
