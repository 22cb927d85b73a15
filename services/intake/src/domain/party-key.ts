// Routing must see that disputes from several centres name the same respondent without seeing
// the name (docs/architecture.md#events): intake publishes a keyed hash of the normalised name or credit code.
import { createHmac } from "node:crypto";
import type { Party } from "./dispute.js";

/** Full-width to half-width, case and spacing folded, so "ＡＢＣ 公司" and "abc公司" match. */
export function normaliseIdentity(text: string): string {
  return text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s·•.,，。()（）]/g, "");
}

/** The credit code or ID number when given (it identifies), else the normalised name. */
export function respondentKey(party: Party, secret: string): string {
  const identity = party.idNumber ? `id:${normaliseIdentity(party.idNumber)}` : `name:${normaliseIdentity(party.name)}`;
  return createHmac("sha256", secret).update(identity).digest("hex");
}
