// Disputes and parties to proto messages, and ListDisputes' page tokens.
import { categoryCodec, channelCodec, intake, outcomeCodec, Violations } from "@mediation/contracts";
import type { Dispute, Party, PartyKind, PartyRole } from "../../domain/dispute.js";
import type { Progress } from "../../domain/timeline.js";
import { STATES } from "./timeline-proto.js";

const { PartyKind: ProtoKind, PartyRole: ProtoRole } = intake;

export const ROLES: Record<number, PartyRole> = {
  [ProtoRole.PARTY_ROLE_CLAIMANT]: "CLAIMANT",
  [ProtoRole.PARTY_ROLE_RESPONDENT]: "RESPONDENT",
};
export const KINDS: Record<number, PartyKind> = {
  [ProtoKind.PARTY_KIND_PERSON]: "PERSON",
  [ProtoKind.PARTY_KIND_ORGANISATION]: "ORGANISATION",
};

export const partyToProto = (p: Party): intake.Party => ({
  role: p.role === "CLAIMANT" ? ProtoRole.PARTY_ROLE_CLAIMANT : ProtoRole.PARTY_ROLE_RESPONDENT,
  kind: p.kind === "PERSON" ? ProtoKind.PARTY_KIND_PERSON : ProtoKind.PARTY_KIND_ORGANISATION,
  name: p.name,
  idNumber: p.idNumber,
  phone: p.phone,
});

export function disputeToProto(d: Dispute, progress: Progress | undefined): intake.Dispute {
  return {
    disputeId: d.disputeId,
    caseNumber: d.caseNumber,
    centreCode: d.centreCode,
    category: categoryCodec.fromCode(d.category),
    claimAmountFen: BigInt(d.claimAmountFen),
    summary: d.summary,
    parties: d.parties.map(partyToProto),
    state: STATES[progress?.state ?? "SUBMITTED"],
    submittedAt: new Date(d.submittedAt),
    preferredChannel: d.preferredChannel ? channelCodec.fromCode(d.preferredChannel) : 0,
    mustReport: d.mustReport,
    preferredMediatorId: d.preferredMediatorId,
    channel: progress?.channel ? channelCodec.fromCode(progress.channel) : 0,
    outcome: progress?.outcome ? outcomeCodec.fromCode(progress.outcome) : 0,
  };
}

export const encodePageToken = (id: string) => Buffer.from(id).toString("base64url");
export function decodePageToken(token: string): string | undefined {
  if (!token) return undefined;
  const id = Buffer.from(token, "base64url").toString();
  new Violations().check(/^[0-9a-f-]{36}$/.test(id), "page_token", "is not a token this service gave out").throwIfAny();
  return id;
}
