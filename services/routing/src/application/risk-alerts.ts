// Risk signals: how many disputes name the same respondent, and the alert a risky dispute raises.
import type { CategoryCode, Event } from "@mediation/contracts";
import type { Collections } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import type { Policy } from "../domain/policy.js";
import type { RiskFinding, RoutingDecision } from "../domain/route.js";
import { ALERTS, SIGHTINGS } from "./collections.js";
import { riskAlertRaised } from "./events.js";
import type { Sighting } from "./records.js";

const DAY_MS = 86_400_000;

/** What a dispute needs to be counted against its respondents and to raise an alert. */
export interface Respondents {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  respondentKeys: string[];
  submittedAt: Date;
}

export interface RespondentCount {
  key: string;
  related: Sighting[];
}

/** Records the respondents and counts this dispute with the others against each in the window. */
export async function countAgainstRespondents(tx: Collections, d: Respondents, withinDays: number): Promise<RespondentCount> {
  const sightings = tx.collection(SIGHTINGS);
  const at = d.submittedAt.toISOString();
  const since = new Date(d.submittedAt.getTime() - withinDays * DAY_MS).toISOString();
  let worst: RespondentCount = { key: "", related: [] };
  for (const key of new Set(d.respondentKeys)) {
    await sightings.put(
      `${key}:${d.disputeId}`,
      { respondentKey: key, disputeId: d.disputeId, centreCode: d.centreCode, submittedAt: at },
      0,
    );
    const related = await sightings.find({ where: { respondentKey: key }, range: { field: "submittedAt", gte: since, lte: at } });
    if (related.length > worst.related.length) worst = { key, related };
  }
  return worst;
}

/**
 * One alert per dispute for must-report and mass claimants; one per respondent per window for
 * repeated disputes, so the sixth dispute joins the alert the fifth raised.
 */
export async function raiseAlert(
  tx: Collections,
  d: Respondents,
  decision: RoutingDecision,
  respondent: RespondentCount,
  policy: Policy,
  now: Date,
  causationId: string,
): Promise<{ alertId: string; event?: Event }> {
  const alerts = tx.collection(ALERTS);
  const top = decision.risks.find((r) => r.level === decision.riskLevel) as RiskFinding;
  if (top.kind === "SAME_RESPONDENT") {
    const since = new Date(d.submittedAt.getTime() - policy.risk.sameRespondent.withinDays * DAY_MS).toISOString();
    const [open] = await alerts.find({ where: { respondentKey: respondent.key }, range: { field: "raisedAt", gte: since }, limit: 1 });
    if (open) return { alertId: open.id };
  }
  const alertId = uuidv7();
  await alerts.put(
    alertId,
    {
      kind: top.kind,
      level: top.level,
      respondentKey: top.kind === "SAME_RESPONDENT" ? respondent.key : "",
      disputeId: d.disputeId,
      raisedAt: now.toISOString(),
      owner: decision.owner,
    },
    0,
  );
  const related = top.kind === "SAME_RESPONDENT" ? respondent.related : [];
  const alert = { alertId, disputeId: d.disputeId, centreCode: d.centreCode, category: d.category, owner: decision.owner, related };
  return { alertId, event: riskAlertRaised(alert, top, causationId, now) };
}
