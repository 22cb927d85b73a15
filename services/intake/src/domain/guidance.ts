// Guidance on a terminal channel (docs/domain-rules.md#terminal-channels): the centre tells the parties
// which court or arbitration commission to turn to, and the dispute ends at the centre. Pure.
import { Violations } from "@mediation/contracts/domain";

export const GUIDANCE_LIMITS = { institution: 100, note: 500 } as const;

/** Any control character: an institution's name is one line. */
const ANY_CONTROL = /\p{Cc}/u;
/** Control characters but tab and newline: a note may have lines. */
const CONTROL_IN_TEXT = /(?![\t\n])\p{Cc}/u;

export interface GuidanceInput {
  disputeId: string;
  institution: string;
  note: string;
}

/** Checks the request and returns it trimmed, or throws InvalidArgument naming each bad field. */
export function validateGuidance(input: GuidanceInput): GuidanceInput {
  const v = new Violations();
  const institution = input.institution.trim();
  const note = input.note.trim();
  v.check(input.disputeId !== "", "dispute_id", "is required");
  v.check(institution !== "", "institution", "is required: the court or arbitration commission the parties were told to turn to");
  v.check(institution.length <= GUIDANCE_LIMITS.institution, "institution", `must be at most ${GUIDANCE_LIMITS.institution} characters`);
  v.check(!ANY_CONTROL.test(institution), "institution", "must not contain control characters (one line of text)");
  v.check(note.length <= GUIDANCE_LIMITS.note, "note", `must be at most ${GUIDANCE_LIMITS.note} characters`);
  v.check(!CONTROL_IN_TEXT.test(note), "note", "must not contain control characters (only newline and tab are allowed)");
  v.throwIfAny();
  return { disputeId: input.disputeId, institution, note };
}
