// Where the keys that verify bearer tokens come from, which signature algorithms they allow, and
// why a token was refused, in words a caller can act on.
import { readFileSync } from "node:fs";
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { AuthSettings } from "./auth.js";

/** What an identity provider signs with; "Ed25519" is EdDSA's newer name (RFC 9864). */
const ASYMMETRIC = ["RS256", "ES256", "EdDSA", "Ed25519"];

export interface KeySource {
  key: JWTVerifyGetKey;
  algorithms: string[];
}

/** The identity provider's JWKS (a file read once at start, or a URL fetched and cached), else the HS256 development key. */
export function keySource(settings: AuthSettings): KeySource {
  if (settings.jwks) {
    const remote = /^https?:\/\//.test(settings.jwks);
    return {
      key: remote ? createRemoteJWKSet(new URL(settings.jwks)) : createLocalJWKSet(readJwks(settings.jwks)),
      algorithms: ASYMMETRIC,
    };
  }
  if (!settings.secret || settings.secret.length < 32)
    throw new Error(
      "no key to verify bearer tokens: set AUTH_JWKS to the identity provider's keys (or AUTH_SECRET, 32+ characters, for development)",
    );
  const secret = new TextEncoder().encode(settings.secret);
  return { key: async () => secret, algorithms: ["HS256"] };
}

function readJwks(path: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`AUTH_JWKS: cannot read a JSON key set from ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray((parsed as JSONWebKeySet)?.keys)) throw new Error(`AUTH_JWKS: ${path} is not a JWKS (it has no "keys" array)`);
  return parsed as JSONWebKeySet;
}

function algorithmOf(token: string): string {
  try {
    return String(decodeProtectedHeader(token).alg);
  } catch {
    return "its algorithm";
  }
}

const hours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600}h` : `${seconds}s`);

/** Why jose refused a token, without echoing the token. */
export function whyRefused(error: unknown, token: string, settings: AuthSettings, keys: KeySource): string {
  if (error instanceof errors.JWTExpired)
    return error.claim === "iat"
      ? `the token is older than the maximum age of ${hours(settings.maxTokenAgeSeconds)}`
      : "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing" && error.claim === "exp") return "the token has no expiry (exp); every token must expire";
    if (error.reason === "missing" && error.claim === "iat") return "the token has no issue time (iat), so its age cannot be checked";
    if (error.claim === "aud") return `the token is for another audience; this service accepts "${settings.audience}"`;
    if (error.claim === "iss") return `the token's issuer is not "${settings.issuer}"`;
    return `the token's "${error.claim}" claim is not acceptable (${error.reason})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return "the token was signed by a key that is not in the identity provider's key set";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  if (error instanceof errors.JOSEAlgNotAllowed)
    return `tokens signed with ${algorithmOf(token)} are not accepted here (only ${keys.algorithms.join(", ")})`;
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return "the identity provider's keys could not be fetched";
  return "the token is not valid here";
}
