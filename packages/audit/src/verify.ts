// Walks a service's audit chain from the first entry and reports the first broken link: a changed
// entry, a removed or inserted one, or a head that does not point at the last entry (the tail cut off).
import type { Collections } from "@mediation/store";
import { type AuditEntry, brokenLink } from "./entry.js";
import { AUDIT_ENTRIES, AUDIT_HEAD, stripEntry } from "./trail.js";

export interface Verification {
  intact: boolean;
  checked: number;
  /** The first entry whose link is broken; 0 when intact. */
  brokenSequence: number;
  problem: string;
}

const BATCH = 500;

export async function verifyAuditTrail(store: Collections): Promise<Verification> {
  const entries = store.collection(AUDIT_ENTRIES);
  let previous: { sequence: number; hash: string } | undefined;
  let checked = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await entries.find({ ...(after ? { range: { field: "id", gt: after } } : {}), sort: { field: "id" }, limit: BATCH });
    for (const row of rows) {
      const entry: AuditEntry = stripEntry(row);
      const problem = brokenLink(previous, entry);
      if (problem) return { intact: false, checked, brokenSequence: entry.sequence || (previous?.sequence ?? 0) + 1, problem };
      if (row.id !== String(entry.sequence).padStart(12, "0")) {
        return { intact: false, checked, brokenSequence: entry.sequence, problem: `it is stored under id ${row.id}` };
      }
      checked++;
      previous = { sequence: entry.sequence, hash: entry.hash };
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]?.id;
  }
  const head = await store.collection(AUDIT_HEAD).get("head");
  if ((head?.sequence ?? 0) !== (previous?.sequence ?? 0) || (head?.hash ?? "") !== (previous?.hash ?? "")) {
    const missing = (previous?.sequence ?? 0) + 1;
    return {
      intact: false,
      checked,
      brokenSequence: missing,
      problem: `the chain's head is at ${head?.sequence ?? 0}: entries from ${missing} on are missing`,
    };
  }
  return { intact: true, checked, brokenSequence: 0, problem: "" };
}
