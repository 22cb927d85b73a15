// A dispute as a street centre submits it. Pure: validation and shapes, no I/O.
import { type CategoryCode, CENTRE_CODE, type ChannelCode, PERSON_ID, Violations } from "@mediation/contracts/domain";
import { normaliseIdNumber } from "./party-key.js";

export type PartyRole = "CLAIMANT" | "RESPONDENT";
export type PartyKind = "PERSON" | "ORGANISATION";

/** Personal data (PIPL): it stays in intake's store and never leaves in an event or a log. */
export interface Party {
  role: PartyRole;
  kind: PartyKind;
  name: string;
  idNumber: string;
  phone: string;
}

export interface Submission {
  requestId: string;
  centreCode: string;
  category: CategoryCode;
  claimAmountFen: number;
  summary: string;
  parties: Party[];
  /** A channel the parties asked for, or "" (honoured where the routing policy allows it). */
  preferredChannel: ChannelCode | "";
  /** May become a criminal or public-security case (People's Mediation Law art. 25). */
  mustReport: boolean;
  /** A mediator the parties chose (art. 17), or "". */
  preferredMediatorId: string;
}

export interface Dispute extends Submission {
  disputeId: string;
  caseNumber: string;
  /** ISO-8601 instant. */
  submittedAt: string;
  /** True once the retention period ended: parties and summary were erased (docs/domain-rules.md#retention). */
  personalDataErased?: boolean;
}

/** What a client sent, before checking: enums may be unknown, the amount may be out of range. */
export interface SubmissionInput {
  requestId: string;
  centreCode: string;
  category: CategoryCode | undefined;
  claimAmountFen: bigint;
  summary: string;
  parties: Array<{ role: PartyRole | undefined; kind: PartyKind | undefined; name: string; idNumber: string; phone: string }>;
  /** undefined: a value the client sent that is not a channel; "": none asked for. */
  preferredChannel: ChannelCode | "" | undefined;
  mustReport: boolean;
  preferredMediatorId: string;
}

export const LIMITS = {
  requestId: 64,
  summary: 4000,
  parties: 500,
  name: 100,
  /** 10 billion yuan in fen: far above any street-level claim, far below float trouble. */
  claimAmountFen: 1_000_000_000_000n,
} as const;

const REQUEST_ID = /^[A-Za-z0-9._:-]+$/;
const ID_NUMBER = /^[0-9A-Z]{1,32}$/;
const PHONE = /^[0-9+\-() ]{3,20}$/;
/** Control characters (C0 but tab and newline, DEL, C1): never part of a summary or a name. */
const CONTROL = /(?![\t\n])\p{Cc}/u;
const NO_CONTROL = "must not contain control characters (only newline and tab are allowed)";

/** Checks every field and returns the submission, or throws InvalidArgument naming each bad field. */
export function validateSubmission(input: SubmissionInput): Submission {
  const v = new Violations();
  v.check(input.requestId.length > 0, "request_id", "is required");
  v.check(input.requestId.length <= LIMITS.requestId, "request_id", `must be at most ${LIMITS.requestId} characters`);
  v.check(input.requestId === "" || REQUEST_ID.test(input.requestId), "request_id", "may hold only letters, digits and . _ : -");
  v.check(CENTRE_CODE.test(input.centreCode), "centre_code", "must be 2-16 upper-case letters or digits, e.g. JD01");
  v.check(
    input.category !== undefined,
    "category",
    "is required: one of FAMILY, NEIGHBOUR, SMALL_DEBT, ... (see docs/domain-rules.md#categories-and-channels)",
  );
  v.check(input.claimAmountFen >= 0n, "claim_amount_fen", "must not be negative");
  v.check(input.claimAmountFen <= LIMITS.claimAmountFen, "claim_amount_fen", `must be at most ${LIMITS.claimAmountFen} fen`);
  v.check(input.summary.trim().length > 0, "summary", "is required: what the dispute is about");
  v.check(input.summary.length <= LIMITS.summary, "summary", `must be at most ${LIMITS.summary} characters`);
  v.check(!CONTROL.test(input.summary), "summary", NO_CONTROL);
  v.check(input.parties.length <= LIMITS.parties, "parties", `must be at most ${LIMITS.parties}`);
  v.check(
    input.parties.some((p) => p.role === "CLAIMANT"),
    "parties",
    "needs at least one claimant",
  );
  v.check(
    input.parties.some((p) => p.role === "RESPONDENT"),
    "parties",
    "needs at least one respondent",
  );
  const parties = input.parties.map((p) => ({ ...p, idNumber: normaliseIdNumber(p.idNumber) }));
  parties.slice(0, LIMITS.parties).forEach((p, i) => {
    const at = `parties[${i}]`;
    v.check(p.role !== undefined, `${at}.role`, "must be CLAIMANT or RESPONDENT");
    v.check(p.kind !== undefined, `${at}.kind`, "must be PERSON or ORGANISATION");
    v.check(p.name.trim().length > 0 && p.name.length <= LIMITS.name, `${at}.name`, `is required, at most ${LIMITS.name} characters`);
    v.check(!CONTROL.test(p.name), `${at}.name`, NO_CONTROL);
    v.check(p.idNumber === "" || ID_NUMBER.test(p.idNumber), `${at}.id_number`, "must be digits and upper-case letters, at most 32");
    v.check(p.phone === "" || PHONE.test(p.phone), `${at}.phone`, "must be 3-20 digits, spaces or + - ( )");
  });
  v.check(input.preferredChannel !== undefined, "preferred_channel", "is not a known channel");
  v.check(
    input.preferredMediatorId === "" || PERSON_ID.test(input.preferredMediatorId),
    "preferred_mediator_id",
    "must be 1-32 letters, digits, _ or -",
  );
  v.throwIfAny();
  return {
    requestId: input.requestId,
    centreCode: input.centreCode,
    category: input.category as CategoryCode,
    claimAmountFen: Number(input.claimAmountFen),
    summary: input.summary.trim(),
    parties: parties.map((p) => ({
      role: p.role as PartyRole,
      kind: p.kind as PartyKind,
      name: p.name.trim(),
      idNumber: p.idNumber,
      phone: p.phone,
    })),
    preferredChannel: input.preferredChannel ?? "",
    mustReport: input.mustReport,
    preferredMediatorId: input.preferredMediatorId,
  };
}

/** A submission's fingerprint: the same request id with a different body is a client bug to report. */
export function sameSubmission(a: Submission, b: Submission): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Human-readable case number: centre, month of submission (Asia/Shanghai), sequence in that month. */
export function caseNumber(centreCode: string, month: string, sequence: number): string {
  return `${centreCode}-${month.replace("-", "")}-${String(sequence).padStart(4, "0")}`;
}
