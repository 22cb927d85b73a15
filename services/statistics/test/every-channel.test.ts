// Every channel counted, on the real embedded store: ends by channel and outcome (guidance and
// withdrawals included), disputes resolved across all channels, and disputes waiting for an owner,
// the same whatever order the events come in and after a rebuild.
import { join } from "node:path";
import { common, type Event, type EventPayload, events, newEvent } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent, tempDir } from "@mediation/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { countEvent } from "../src/adapters/nats/subscriptions.js";
import { STATISTICS_COLLECTIONS } from "../src/application/collections.js";
import { compareReadModels } from "../src/application/compare-models.js";
import { getMonthlyReport } from "../src/application/reports.js";

const { Category, Channel, Outcome } = common;
const dirs: Array<{ remove(): void }> = [];
const stores: SqliteStore[] = [];
function open(): SqliteStore {
  const dir = tempDir("stats-channels-");
  dirs.push(dir);
  const store = SqliteStore.open(join(dir.path, "s.sqlite"), STATISTICS_COLLECTIONS);
  stores.push(store);
  return store;
}
afterAll(async () => {
  for (const s of stores) await s.close();
  for (const d of dirs) d.remove();
});

/** 2026-11-10 10:00 Asia/Shanghai plus `hours`. */
const at = (hours: number) => new Date(Date.UTC(2026, 10, 10, 2 + hours));
const base = (id: string) => ({ disputeId: id, centreCode: "JD01", category: Category.CATEGORY_LABOUR_WAGES });
const event = (id: string, payload: EventPayload) => newEvent(payload, { correlationId: id, causationId: "test" }, at(0));
const routed = (id: string, hours: number, channel: common.Channel, sequence = 1, decidedBy = "") =>
  event(id, {
    $case: "disputeRouted",
    value: events.DisputeRouted.fromPartial({ ...base(id), channel, routedAt: at(hours), sequence, decidedBy }),
  });
const caseEvent = { caseId: "c", mediatorId: "M1", channel: Channel.CHANNEL_LABOUR_MEDIATION };

// A: triage, then a supervisor's decision. B: district escalation, acknowledged. C: a case nobody took, then assigned.
// D: litigation guidance given. E: labour mediation without agreement, arbitration, guidance. F: withdrawn on arbitration.
// G: withdrawn before routing, routed late. H: agreement in labour mediation.
const openers: Event[] = [
  routed("A", 1, Channel.CHANNEL_TRIAGE),
  routed("B", 1, Channel.CHANNEL_DISTRICT_ESCALATION),
  routed("C", 1, Channel.CHANNEL_LABOUR_MEDIATION),
  event("C", { $case: "caseEscalated", value: events.CaseEscalated.fromPartial({ ...base("C"), caseId: "c", escalatedAt: at(2) }) }),
];
const closers: Event[] = [
  routed("A", 3, Channel.CHANNEL_LABOUR_MEDIATION, 2, "S-JD01"),
  event("B", {
    $case: "escalationAcknowledged",
    value: { ...base("B"), acknowledgedBy: "officer", escalatedAt: at(1), acknowledgedAt: at(3) },
  }),
  event("C", { $case: "caseAssigned", value: events.CaseAssigned.fromPartial({ ...base("C"), ...caseEvent, assignedAt: at(3) }) }),
];
const guidance = (id: string, hours: number, channel: common.Channel) =>
  event(id, {
    $case: "guidanceRecorded",
    value: { ...base(id), channel, institution: "上城区法院", givenBy: "staff", givenAt: at(hours), submittedAt: at(0) },
  });
const closed = (id: string, hours: number, outcome: common.Outcome) =>
  event(id, {
    $case: "caseClosed",
    value: events.CaseClosed.fromPartial({
      ...base(id),
      ...caseEvent,
      outcome,
      acceptedAt: at(1),
      closedAt: at(hours),
      submittedAt: at(0),
    }),
  });
const withdrawn = (id: string, hours: number) =>
  event(id, {
    $case: "disputeWithdrawn",
    value: { ...base(id), withdrawnAt: at(hours), submittedAt: at(0), withdrawnBy: common.WithdrawnBy.WITHDRAWN_BY_CLAIMANT },
  });
const ends: Event[] = [
  routed("D", 1, Channel.CHANNEL_LITIGATION_GUIDANCE),
  guidance("D", 2, Channel.CHANNEL_LITIGATION_GUIDANCE),
  routed("E", 1, Channel.CHANNEL_LABOUR_MEDIATION),
  closed("E", 2, Outcome.OUTCOME_NO_AGREEMENT),
  routed("E", 3, Channel.CHANNEL_LABOUR_ARBITRATION, 2),
  guidance("E", 4, Channel.CHANNEL_LABOUR_ARBITRATION),
  routed("F", 1, Channel.CHANNEL_LABOUR_ARBITRATION),
  withdrawn("F", 2),
  withdrawn("G", 1),
  routed("G", 2, Channel.CHANNEL_TRIAGE),
  routed("H", 1, Channel.CHANNEL_LABOUR_MEDIATION),
  closed("H", 2, Outcome.OUTCOME_AGREEMENT),
];
const submitted = ["A", "B", "C", "D", "E", "F", "G", "H"].map((id) =>
  aDisputeSubmittedEvent(id, { centreCode: "JD01", submittedAt: at(0) }),
);
const asOf = new Date(Date.UTC(2026, 10, 10, 8));

describe("every channel in the monthly report", () => {
  const store = open();

  it("counts disputes waiting for an owner until someone takes them, with the oldest one's age", async () => {
    for (const e of [...submitted, ...openers]) await countEvent(store, e);
    const waiting = (await getMonthlyReport(store, "2026-11", "", asOf)).waitingForOwner;
    expect(waiting).toEqual({
      asOf: asOf.toISOString(),
      total: 3,
      triage: 1,
      escalation: 1,
      awaitingMediator: 1,
      oldestAgeSeconds: 5 * 3600,
    });
    expect((await getMonthlyReport(store, "2026-11", "JD02", asOf)).waitingForOwner.total).toBe(0);
    for (const e of closers) await countEvent(store, e);
    expect((await getMonthlyReport(store, "2026-11", "JD01", asOf)).waitingForOwner).toMatchObject({ total: 0, oldestAgeSeconds: 0 });
  });

  it("counts each channel's ends by outcome, guidance and withdrawals included, and the disputes resolved across channels", async () => {
    for (const e of ends) await countEvent(store, e);
    const { figures, waitingForOwner } = await getMonthlyReport(store, "2026-11", "", asOf);
    // G was withdrawn before it was routed: its late routing to triage leaves nobody waiting.
    expect(waitingForOwner.total).toBe(0);
    expect(figures.endedByChannel).toEqual([
      { channel: "LABOUR_MEDIATION", outcome: "AGREEMENT", count: 1 },
      { channel: "LABOUR_MEDIATION", outcome: "NO_AGREEMENT", count: 1 },
      { channel: "LITIGATION_GUIDANCE", outcome: "GUIDANCE_GIVEN", count: 1 },
      { channel: "LABOUR_ARBITRATION", outcome: "WITHDRAWN", count: 1 },
      { channel: "LABOUR_ARBITRATION", outcome: "GUIDANCE_GIVEN", count: 1 },
      { channel: "NONE", outcome: "WITHDRAWN", count: 1 },
    ]);
    // Ended: H's agreement, D's and E's guidance, F's and G's withdrawals; resolved: 1 of 5.
    // Accepted: C, which a supervisor assigned (the closes here come without an acceptance).
    expect(figures).toMatchObject({
      accepted: 1,
      guidanceGiven: 2,
      withdrawals: 2,
      agreements: 1,
      ended: 5,
      resolvedAcrossChannelsPercent: "20.00",
      successRatePercent: "50.00",
    });
  });

  it("gives the same counts and owners in any order, each event once, and a rebuild finds no difference", async () => {
    const all = [...submitted, ...openers, ...closers, ...ends];
    const reversed = open();
    for (const e of [...all].reverse()) await countEvent(reversed, e);
    for (const e of all) await countEvent(reversed, e);
    expect(await compareReadModels(store, reversed)).toEqual([]);
    expect(await getMonthlyReport(reversed, "2026-11", "", asOf)).toEqual(await getMonthlyReport(store, "2026-11", "", asOf));
    const halfway = open();
    for (const e of [...submitted, ...openers]) await countEvent(halfway, e);
    const differences = await compareReadModels(store, halfway);
    expect(differences.filter((d) => d.scope.startsWith("owner:")).map((d) => `${d.scope} ${d.figure} ${d.live}/${d.rebuilt}`)).toEqual([
      "owner:A waiting:TRIAGE 0/1",
      "owner:B waiting:ESCALATION 0/1",
      "owner:C waiting:AWAITING_MEDIATOR 0/1",
    ]);
  });
});
