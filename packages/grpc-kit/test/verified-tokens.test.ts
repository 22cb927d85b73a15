// The tokens taken on trust again after a verification: never past the short trust, the token's expiry or its
// maximum age, and never more than MAX_TOKENS of them. The clock is a fake one the test moves.
import { describe, expect, it } from "vitest";
import { MAX_TOKENS, TRUSTED_FOR_MS, VerifiedTokens } from "../src/verified-tokens.js";

const START = Date.UTC(2026, 10, 30, 8, 0, 0);
const HOUR = 3600;

/** One fake clock as both the wall clock and the elapsed one; `setBack` moves only the wall clock. */
function withClock(maxTokenAgeSeconds = 12 * HOUR) {
  const clock = { ms: START, back: 0, now: () => clock.ms - clock.back };
  const elapsed = { now: () => clock.ms - START + 1 };
  return { clock, tokens: new VerifiedTokens(maxTokenAgeSeconds, clock, elapsed) };
}
const seconds = (ms: number) => Math.floor(ms / 1000);

describe("verified tokens", () => {
  it("gives a token's claims back for TRUSTED_FOR_MS after its verification, then asks for it to be verified again", () => {
    const { clock, tokens } = withClock();
    const claims = { sub: "centre-jd01", role: "centre", iat: seconds(START), exp: seconds(START) + HOUR };
    tokens.remember("token-a", claims);
    expect(tokens.claimsOf("token-a")).toEqual(claims);
    clock.ms = START + TRUSTED_FOR_MS - 1;
    expect(tokens.claimsOf("token-a")).toEqual(claims);
    clock.ms = START + TRUSTED_FOR_MS;
    expect(tokens.claimsOf("token-a")).toBeUndefined();
    expect(tokens.claimsOf("token-b")).toBeUndefined();
  });

  it("is not lengthened by a wall clock set back", () => {
    const { clock, tokens } = withClock();
    tokens.remember("token", { iat: seconds(START), exp: seconds(START) + HOUR });
    clock.back = 10 * 60_000;
    clock.ms = START + TRUSTED_FOR_MS;
    expect(tokens.claimsOf("token")).toBeUndefined();
  });

  it("stops at the token's expiry when that comes first", () => {
    const { clock, tokens } = withClock();
    const exp = seconds(START) + 10;
    tokens.remember("token", { iat: seconds(START), exp });
    clock.ms = exp * 1000 - 1;
    expect(tokens.claimsOf("token")).toBeDefined();
    clock.ms = exp * 1000;
    expect(tokens.claimsOf("token")).toBeUndefined();
  });

  it("stops at the token's maximum age when that comes first", () => {
    const { clock, tokens } = withClock(HOUR);
    const iat = seconds(START) - HOUR + 5;
    tokens.remember("token", { iat, exp: seconds(START) + HOUR });
    clock.ms = (iat + HOUR) * 1000 - 1;
    expect(tokens.claimsOf("token")).toBeDefined();
    clock.ms = (iat + HOUR) * 1000;
    expect(tokens.claimsOf("token")).toBeUndefined();
  });

  it("does not take a token whose expiry has already come", () => {
    const { tokens } = withClock();
    tokens.remember("token", { iat: seconds(START) - 60, exp: seconds(START) });
    expect(tokens.claimsOf("token")).toBeUndefined();
  });

  it(`holds at most ${MAX_TOKENS} tokens, letting the least recently used go`, () => {
    const { tokens } = withClock();
    const claims = { exp: seconds(START) + HOUR };
    for (let i = 0; i < MAX_TOKENS; i++) tokens.remember(`token-${i}`, claims);
    expect(tokens.claimsOf("token-0")).toBeDefined();
    tokens.remember("one more", claims);
    expect(tokens.claimsOf("one more")).toBeDefined();
    expect(tokens.claimsOf("token-0")).toBeDefined();
    expect(tokens.claimsOf("token-1")).toBeUndefined();
  });
});
