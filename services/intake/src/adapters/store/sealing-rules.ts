// What intake seals (docs/architecture.md#sealed-personal-data): a dispute's parties and summary, and in its progress
// the withdrawal reason, the guidance note and reassignment reasons, each under the dispute's own data key. The progress also says
// when the dispute ended, which schedules the erasure of that key (docs/domain-rules.md#retention).
import { type RetentionPeriod, retentionEndsAt } from "@mediation/config";
import type { SealingRule } from "@mediation/store/sealing";
import { DISPUTES, type DisputeRecord, PROGRESS } from "../../application/collections.js";
import type { Dispute } from "../../domain/dispute.js";
import { endedAt, type Progress, type Step } from "../../domain/timeline.js";

type DisputeSecrets = Pick<Dispute, "parties" | "summary">;
type ProgressSecrets = { withdrawalReason?: string; guidanceNote?: string; reasons?: Record<string, string> };

const disputes: SealingRule<DisputeRecord> = {
  spec: DISPUTES,
  owner: (d) => d.disputeId,
  sensitive: (d) => ("parties" in d && !d.personalDataErased ? { parties: d.parties, summary: d.summary } : undefined),
  withoutSensitive: (d) => {
    const { parties: _p, summary: _s, ...open } = d as Dispute;
    return open as DisputeRecord;
  },
  restore: (open, secrets) =>
    (secrets
      ? { ...open, ...(secrets as DisputeSecrets) }
      : { ...open, parties: [], summary: "", personalDataErased: true }) as DisputeRecord,
};

/** Steps whose free-text reason may name people: a supervisor's reason for reassigning a case. */
const personal = (s: Step) => s.kind === "REASSIGNED" && Boolean(s.reason);
const stepKey = (s: Step) => `${s.kind}:${s.eventId}`;

function progressRule(retention: RetentionPeriod): SealingRule<Progress> {
  return {
    spec: PROGRESS,
    owner: (p) => p.disputeId,
    sensitive: (p) => {
      if (p.personalDataErased) return undefined;
      const reasons = Object.fromEntries(p.steps.filter(personal).map((s) => [stepKey(s), s.reason as string]));
      const secrets: ProgressSecrets = {
        ...(p.withdrawalReason ? { withdrawalReason: p.withdrawalReason } : {}),
        ...(p.guidanceNote ? { guidanceNote: p.guidanceNote } : {}),
        ...(Object.keys(reasons).length > 0 ? { reasons } : {}),
      };
      return Object.keys(secrets).length > 0 ? secrets : undefined;
    },
    withoutSensitive: ({ withdrawalReason: _w, guidanceNote: _g, ...p }) => ({
      ...p,
      steps: p.steps.map((s) => (personal(s) ? { ...s, reason: "" } : s)),
    }),
    restore: (open, sealed) => {
      if (!sealed) return { ...open, personalDataErased: true };
      const secrets = sealed as ProgressSecrets;
      const steps = open.steps.map((s) => (secrets.reasons?.[stepKey(s)] ? { ...s, reason: secrets.reasons[stepKey(s)] } : s));
      return {
        ...open,
        steps,
        ...(secrets.withdrawalReason ? { withdrawalReason: secrets.withdrawalReason } : {}),
        ...(secrets.guidanceNote ? { guidanceNote: secrets.guidanceNote } : {}),
      };
    },
    eraseAfter: (p) => {
      const ended = endedAt(p);
      return ended ? retentionEndsAt(new Date(ended), retention) : undefined;
    },
    // Before data keys, the withdrawal reason was sealed on its own with the ring key.
    legacySealed: ["withdrawalReason"],
  };
}

export const intakeSealing = (retention: RetentionPeriod) => [disputes, progressRule(retention)] as Array<SealingRule<object>>;
