// Routing must see that disputes from several centres name the same respondent without seeing
// the name (docs/architecture.md#events): intake publishes a keyed hash of the normalised name or credit code.
import { createHmac } from "node:crypto";
import type { Party } from "./dispute.js";

/**
 * Full-width to half-width (NFKC), case folded, and every white space (U+3000 too), format
 * character (\p{Cf}: zero-width spaces and joiners, soft hyphens, BOM) and separating punctuation
 * removed, so "ＡＢＣ 公司", "abc公司" and "abc\u200b公司" match.
 */
export function normaliseIdentity(text: string): string {
  return text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\p{Cf}·•.,，。()（）]/gu, "");
}

/** An ID number or unified social credit code as typed: half-width, upper-case, no spaces or format characters. */
export const normaliseIdNumber = (text: string): string =>
  text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\p{Cf}]/gu, "");

/** The credit code or ID number when given (it identifies), else the normalised name. */
export function respondentKey(party: Party, secret: string): string {
  const identity = party.idNumber ? `id:${normaliseIdNumber(party.idNumber)}` : `name:${normaliseIdentity(party.name)}`;
  return createHmac("sha256", secret).update(identity).digest("hex");
}

/**
 * The blind-index entries of a person (docs/domain-rules.md#access-requests): keyed hashes of the normalised ID
 * number and of the normalised name, so disputes are found by who they name without reading any sealed value.
 * The key is derived from the party-key secret for this one use.
 */
export function lookupKeys(who: { idNumber: string; name: string }, secret: string): string[] {
  const key = createHmac("sha256", secret).update("mediation-centre/party-index/v1").digest();
  const hash = (text: string) => createHmac("sha256", key).update(text).digest("hex");
  const id = normaliseIdNumber(who.idNumber);
  const name = normaliseIdentity(who.name);
  return [...(id ? [hash(`id:${id}`)] : []), ...(name ? [hash(`name:${name}`)] : [])];
}
