// Need-to-know views of a dispute's parties (docs/domain-rules.md#privacy; PIPL art. 6 and 51):
// who sees a person in full, who sees the identifying numbers masked, who sees no one. Pure.
import type { Party } from "./dispute.js";
import type { Progress } from "./timeline.js";

/** Keeps the first `head` and last `tail` characters and stars the rest; a value too short to show any part is all stars. */
export function maskMiddle(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return "*".repeat(chars.length);
  return chars.slice(0, head).join("") + "*".repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join("");
}

/** `330106199001011234` → `3301**********1234`: the region's first digits and the last four, as on printed forms. */
export const maskIdNumber = (idNumber: string): string => maskMiddle(idNumber, 4, 4);

/** `13856785678` → `138****5678`: the carrier prefix and the last four. */
export const maskPhone = (phone: string): string => maskMiddle(phone, 3, 4);

export const maskParty = (party: Party): Party => ({ ...party, idNumber: maskIdNumber(party.idNumber), phone: maskPhone(party.phone) });

/** How much of the parties a caller sees: in full, with numbers masked. */
export type View = "full" | "masked";

/** The caller, as far as the rules need it. */
export interface Viewer {
  role: string;
  /** The centre a centre or supervisor token is bound to, "" for district-wide. */
  centreCode: string;
  mediatorId: string;
}

/**
 * What GetDispute shows: the submitting centre and the district's administrator see the parties in
 * full; a supervisor sees ID numbers and phones masked unless they state why they need them (the
 * reason is audited); anyone else sees no one. Undefined: refused.
 */
export function disputeView(viewer: Viewer, disputeCentre: string, statedReason: string): View | undefined {
  if (viewer.role === "admin") return "full";
  if (viewer.role === "centre") return viewer.centreCode === disputeCentre ? "full" : undefined;
  if (viewer.role === "supervisor") {
    if (viewer.centreCode && viewer.centreCode !== disputeCentre) return undefined;
    return statedReason.trim() ? "full" : "masked";
  }
  return undefined;
}

/** The mediator holding the dispute's case now, and the case: the last acceptance, assignment or reassignment. */
export function caseHolder(progress: Progress): { mediatorId: string; caseId: string } | undefined {
  const step = progress.steps.findLast((s) => s.kind === "ACCEPTED" || s.kind === "ASSIGNED" || s.kind === "REASSIGNED");
  return step?.personId ? { mediatorId: step.personId, caseId: step.caseId ?? "" } : undefined;
}

/** A mediator sees a dispute's parties while holding its accepted case, until the case closes. */
export function mediatorMaySee(progress: Progress, mediatorId: string): boolean {
  if (progress.state !== "ACCEPTED" && progress.state !== "IN_MEDIATION") return false;
  return caseHolder(progress)?.mediatorId === mediatorId;
}

export const STATED_REASON_LIMIT = 200;
