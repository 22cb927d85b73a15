// What mediation seals (docs/architecture.md#sealed-personal-data): a case's session notes, its agreement's
// obligations (obligors name people, terms may), the reasons mediators gave for declining and supervisors gave for
// reassigning, under the dispute's
// data key. A closed case schedules that key's erasure when its retention ends (docs/domain-rules.md#retention).
import { type RetentionPeriod, retentionEndsAt } from "@mediation/config";
import type { SealingRule } from "@mediation/store/sealing";
import { CASES } from "../../application/collections.js";
import type { Case, Obligation } from "../../domain/case.js";

interface CaseSecrets {
  notes?: string[];
  obligations?: Obligation[];
  /** Offer id → the reason its mediator declined it. */
  declined?: Record<string, string>;
  /** The supervisors' reasons for reassigning, in order. */
  reassigned?: string[];
}

function secretsOf(c: Case): CaseSecrets | undefined {
  if (c.personalDataErased) return undefined;
  const declined = Object.fromEntries(c.offers.filter((o) => o.declineReason).map((o) => [o.offerId, o.declineReason as string]));
  const secrets: CaseSecrets = {
    ...(c.sessions?.length ? { notes: c.sessions.map((s) => s.note) } : {}),
    ...(c.obligations?.length ? { obligations: c.obligations } : {}),
    ...(Object.keys(declined).length > 0 ? { declined } : {}),
    ...(c.reassignments?.length ? { reassigned: c.reassignments.map((r) => r.reason) } : {}),
  };
  return Object.keys(secrets).length > 0 ? secrets : undefined;
}

function withoutSecrets(c: Case): Case {
  const { obligations: _o, ...open } = c;
  return {
    ...open,
    ...(c.sessions ? { sessions: c.sessions.map((s) => ({ heldAt: s.heldAt, note: "" })) } : {}),
    offers: c.offers.map(({ declineReason: _r, ...o }) => o),
    ...(c.obligations ? { obligations: [] } : {}),
    ...(c.reassignments ? { reassignments: c.reassignments.map((r) => ({ ...r, reason: "" })) } : {}),
  };
}

function restore(open: Case, sealed: object | undefined): Case {
  if (!sealed) return { ...open, personalDataErased: true };
  const s = sealed as CaseSecrets;
  return {
    ...open,
    ...(open.sessions ? { sessions: open.sessions.map((x, i) => ({ heldAt: x.heldAt, note: s.notes?.[i] ?? "" })) } : {}),
    ...(s.obligations ? { obligations: s.obligations } : {}),
    offers: open.offers.map((o) => (s.declined?.[o.offerId] ? { ...o, declineReason: s.declined[o.offerId] } : o)),
    ...(open.reassignments ? { reassignments: open.reassignments.map((r, i) => ({ ...r, reason: s.reassigned?.[i] ?? "" })) } : {}),
  };
}

export function mediationSealing(retention: RetentionPeriod): Array<SealingRule<object>> {
  const cases: SealingRule<Case> = {
    spec: CASES,
    owner: (c) => c.disputeId,
    sensitive: secretsOf,
    withoutSensitive: withoutSecrets,
    restore,
    eraseAfter: (c) => (c.state === "CLOSED" && c.closedAt ? retentionEndsAt(new Date(c.closedAt), retention) : undefined),
  };
  return [cases] as Array<SealingRule<object>>;
}
