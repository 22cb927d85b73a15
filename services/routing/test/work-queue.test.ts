// The supervisor's work queue on the real embedded store: items written with the decisions and from
// mediation's events, listed oldest first, decided and acknowledged, and the events put in the outbox.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTBOX } from "@mediation/bus/outbox";
import {
  type Event,
  eventFromStored,
  events,
  FailedPrecondition,
  InvalidArgument,
  NotFound,
  newEvent,
  PermissionDenied,
  Violations,
} from "@mediation/contracts";
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { type TempDir, tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePolicy } from "../src/adapters/policy/policy-file.js";
import { acknowledgeEscalation, acknowledgeRiskAlert } from "../src/application/acknowledge.js";
import { ROUTING_COLLECTIONS } from "../src/application/collections.js";
import { decideChannel } from "../src/application/decide-channel.js";
import { caseEscalated, caseMovedOn, disputeWithdrawn } from "../src/application/follow-cases.js";
import { listWorkQueue, type QueueRequest } from "../src/application/list-work-queue.js";
import type { RouteDeps } from "../src/application/records.js";
import { routeSubmittedDispute, type SubmittedDispute } from "../src/application/route-submitted-dispute.js";
import { DEFAULT_POLICY } from "../src/config.js";
import { checkManualChannel } from "../src/domain/work-queue.js";

const policy = parsePolicy(readFileSync(DEFAULT_POLICY, "utf8"), DEFAULT_POLICY);
const T0 = new Date("2026-11-02T02:00:00Z");
const JD01 = { subject: "sup-jd01", centreCode: "JD01" };
const JD02 = { subject: "sup-jd02", centreCode: "JD02" };
const DISTRICT = { subject: "district-officer", centreCode: "" };
const ALL: QueueRequest = { centreCode: "", kinds: [], pageSize: 0, pageToken: "" };

const dispute = (disputeId: string, over: Partial<SubmittedDispute> = {}): SubmittedDispute => ({
  disputeId,
  centreCode: "JD01",
  category: "OTHER",
  claimAmountFen: 0,
  claimantCount: 1,
  respondentKeys: [`r-${disputeId}`],
  preferredChannel: "",
  mustReport: false,
  preferredMediatorId: "",
  submittedAt: new Date(T0.getTime() - 60_000),
  ...over,
});
const submitted = (disputeId: string): Event =>
  newEvent(
    { $case: "disputeSubmitted", value: events.DisputeSubmitted.fromPartial({ disputeId }) },
    { correlationId: disputeId, causationId: "t" },
  );
const caseEvent = (disputeId: string): Event =>
  newEvent(
    { $case: "caseEscalated", value: events.CaseEscalated.fromPartial({ disputeId }) },
    { correlationId: disputeId, causationId: "t" },
  );

describe("the supervisor's work queue", () => {
  let dir: TempDir;
  let store: DocumentStore;
  let now: Date;
  let deps: RouteDeps;

  beforeEach(() => {
    dir = tempDir("routing-queue-");
    store = SqliteStore.open(join(dir.path, "routing.sqlite"), ROUTING_COLLECTIONS);
    now = T0;
    deps = { store, policy: () => policy, eventsStored: () => undefined, now: () => now };
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const outbox = async () => (await store.collection(OUTBOX).find({ sort: { field: "id" } })).map((row) => eventFromStored(row.event));
  const queue = async (caller = DISTRICT, req: Partial<QueueRequest> = {}) => listWorkQueue(store, caller, { ...ALL, ...req }, now);
  const kinds = async (caller = DISTRICT) => (await queue(caller)).items.map(({ item }) => [item.kind, item.disputeId]);

  it("puts a TRIAGE dispute in its centre's queue; a supervisor of that centre chooses the channel, published as dispute.routed", async () => {
    await routeSubmittedDispute(deps, submitted("d-1"), dispute("d-1", { preferredMediatorId: "m-9" }));
    later(90);
    const page = await queue(JD01);
    expect(page).toMatchObject({ total: 1, oldestAgeSeconds: 90, nextPageToken: "" });
    expect(page.items[0]).toMatchObject({
      ageSeconds: 90,
      item: {
        kind: "TRIAGE",
        disputeId: "d-1",
        centreCode: "JD01",
        reason: "没有适用的规则，由督导人工确定渠道",
        reasonEn: "no rule applies; a person decides the channel",
      },
    });
    expect((await queue(JD02)).total).toBe(0);
    await expect(queue(JD02, { centreCode: "JD01" })).rejects.toBeInstanceOf(PermissionDenied);

    const choice = { disputeId: "d-1", channel: "PEOPLES_MEDIATION" as const, reason: "a family matter in fact" };
    await expect(decideChannel(deps, JD02, choice)).rejects.toBeInstanceOf(NotFound);
    await expect(decideChannel(deps, JD01, { ...choice, channel: "TRIAGE" })).rejects.toThrow(/channel/);
    await expect(decideChannel(deps, JD01, { ...choice, channel: undefined })).rejects.toBeInstanceOf(InvalidArgument);
    await expect(decideChannel(deps, JD01, { ...choice, reason: " " })).rejects.toThrow(/reason/);
    const decision = await decideChannel(deps, JD01, choice);
    expect(decision).toMatchObject({ sequence: 2, rule: "manual", decidedBy: "sup-jd01", channel: "PEOPLES_MEDIATION" });
    const routed = (await outbox()).at(-1);
    if (routed?.payload?.$case !== "disputeRouted") throw new Error(`expected dispute.routed, got ${routed?.type}`);
    expect(routed.payload.value).toMatchObject({
      disputeId: "d-1",
      rule: "manual",
      decidedBy: "sup-jd01",
      reason: "a family matter in fact",
      reasonEn: "",
      sequence: 2,
      policyVersion: policy.version,
      preferredMediatorId: "m-9",
      submittedAt: new Date(T0.getTime() - 60_000),
    });
    expect((await queue(JD01)).total).toBe(0);
    await expect(decideChannel(deps, JD01, choice)).rejects.toBeInstanceOf(FailedPrecondition);
  });

  it("has a DISTRICT_ESCALATION dispute acknowledged with a note, once, before its channel is chosen", async () => {
    await routeSubmittedDispute(deps, submitted("d-2"), dispute("d-2", { category: "DEMOLITION_RESETTLEMENT" }));
    const choice = { disputeId: "d-2", channel: "ADMINISTRATIVE_MEDIATION" as const, reason: "the street office is party" };
    await expect(decideChannel(deps, JD01, choice)).rejects.toThrow(/acknowledge it/);
    await expect(acknowledgeEscalation(deps, JD01, "d-2", "")).rejects.toThrow(/note/);
    await expect(acknowledgeEscalation(deps, JD01, "d-2", "bad\u0007bell")).rejects.toThrow(/control characters/);
    await expect(acknowledgeEscalation(deps, JD01, "d-2", "x".repeat(501))).rejects.toThrow(/at most 500/);
    await expect(acknowledgeEscalation(deps, JD02, "d-2", "mine")).rejects.toBeInstanceOf(NotFound);
    later(600);
    const ack = await acknowledgeEscalation(deps, JD01, "d-2", "I call the street office today");
    expect(ack).toMatchObject({ acknowledgedBy: "sup-jd01", secondsToAcknowledge: 600 });
    later(60);
    expect(await acknowledgeEscalation(deps, DISTRICT, "d-2", "again")).toEqual(ack);
    const [item] = (await queue()).items;
    expect(item?.item).toMatchObject({ kind: "ESCALATION_DECISION", acknowledgedBy: "sup-jd01", note: "I call the street office today" });
    const acks = (await outbox()).filter((e) => e.payload?.$case === "escalationAcknowledged");
    expect(acks).toHaveLength(1);
    expect(acks[0]?.payload?.value).toMatchObject({ disputeId: "d-2", acknowledgedBy: "sup-jd01", escalatedAt: T0 });
    expect(JSON.stringify(acks[0])).not.toContain("street office today");
    expect(await decideChannel(deps, DISTRICT, choice)).toMatchObject({ rule: "manual", decidedBy: "district-officer" });
    expect((await queue()).total).toBe(0);
  });

  it("has a risk alert acknowledged by the district, its owner's office; a centre's supervisor sees it but may not", async () => {
    await routeSubmittedDispute(deps, submitted("d-3"), dispute("d-3", { category: "FAMILY", mustReport: true }));
    // Both since the routing; the item id breaks the tie.
    expect(await kinds(JD01)).toEqual([
      ["RISK_ALERT", "d-3"],
      ["ESCALATION", "d-3"],
    ]);
    const alert = (await queue(JD01, { kinds: ["RISK_ALERT"] })).items[0]?.item;
    expect(alert).toMatchObject({ kind: "RISK_ALERT", riskLevel: "RED", owner: "区中心主任" });
    const alertId = alert?.alertId as string;
    await expect(acknowledgeRiskAlert(deps, JD01, alertId, "seen")).rejects.toBeInstanceOf(PermissionDenied);
    await expect(acknowledgeRiskAlert(deps, JD02, alertId, "seen")).rejects.toBeInstanceOf(NotFound);
    later(120);
    const ack = await acknowledgeRiskAlert(deps, DISTRICT, alertId, "police informed");
    expect(ack).toMatchObject({ acknowledgedBy: "district-officer", secondsToAcknowledge: 120 });
    expect(await acknowledgeRiskAlert(deps, DISTRICT, alertId, "again")).toEqual(ack);
    expect(await kinds(JD01)).toEqual([["ESCALATION", "d-3"]]);
    const acks = (await outbox()).filter((e) => e.payload?.$case === "riskAlertAcknowledged");
    expect(acks.map((e) => e.payload?.value)).toMatchObject([{ alertId, disputeId: "d-3", acknowledgedBy: "district-officer" }]);
  });

  it("lists a case nobody took until it is assigned, offered again or closed, whatever order the events come in", async () => {
    const base = { disputeId: "d-4", centreCode: "JD01", category: "FAMILY" as const };
    const escalatedAt = new Date(T0.getTime() - 30_000).toISOString();
    const escalated = caseEvent("d-4");
    await caseEscalated(store, escalated, {
      ...base,
      caseId: "c-4",
      channel: "PEOPLES_MEDIATION",
      reason: "nobody",
      reasonEn: "nobody",
      escalatedAt,
    });
    expect(
      await caseEscalated(store, escalated, {
        ...base,
        caseId: "c-4",
        channel: "PEOPLES_MEDIATION",
        reason: "nobody",
        reasonEn: "nobody",
        escalatedAt,
      }),
    ).toBe(false);
    expect((await queue(JD01)).items).toMatchObject([
      { ageSeconds: 30, item: { kind: "AWAITING_MEDIATOR", caseId: "c-4", reasonEn: "nobody" } },
    ]);
    await caseMovedOn(store, caseEvent("d-4"), { ...base, caseId: "c-4", at: T0.toISOString(), closedBy: "assigned" });
    expect((await queue()).total).toBe(0);
    // An escalation older than the assignment, arriving late, brings nothing back.
    await caseEscalated(store, caseEvent("d-4"), {
      ...base,
      caseId: "c-4",
      channel: "PEOPLES_MEDIATION",
      reason: "late",
      reasonEn: "late",
      escalatedAt,
    });
    expect((await queue()).total).toBe(0);
    // An offer seen before its case's escalation: the escalation, older, opens nothing.
    await caseMovedOn(store, caseEvent("d-5"), { ...base, disputeId: "d-5", caseId: "c-5", at: T0.toISOString(), closedBy: "offered" });
    await caseEscalated(store, caseEvent("d-5"), {
      ...base,
      disputeId: "d-5",
      caseId: "c-5",
      channel: "PEOPLES_MEDIATION",
      reason: "x",
      reasonEn: "x",
      escalatedAt,
    });
    expect((await queue()).total).toBe(0);
  });

  it("takes every item of a withdrawn dispute out of the queue, and lets none of it come back", async () => {
    await routeSubmittedDispute(deps, submitted("d-6"), dispute("d-6", { mustReport: true }));
    expect((await queue()).total).toBe(2);
    expect(await disputeWithdrawn(store, caseEvent("d-6"), "d-6", now)).toBe(2);
    expect((await queue()).total).toBe(0);
    const base = { disputeId: "d-6", centreCode: "JD01", category: "OTHER" as const, channel: "PEOPLES_MEDIATION" as const };
    await caseEscalated(store, caseEvent("d-6"), { ...base, caseId: "c-6", reason: "x", reasonEn: "x", escalatedAt: now.toISOString() });
    expect((await queue()).total).toBe(0);
    await expect(decideChannel(deps, JD01, { disputeId: "d-6", channel: "LAWYER_MEDIATION", reason: "r" })).rejects.toThrow(/withdrawn/);
    // Withdrawn before routing saw it: neither its decision nor its alert opens an item.
    await disputeWithdrawn(store, caseEvent("d-7"), "d-7", now);
    await routeSubmittedDispute(deps, submitted("d-7"), dispute("d-7", { mustReport: true }));
    expect((await queue()).total).toBe(0);
  });

  it("pages oldest first, with the total and the oldest age of all, filtered by kind and centre", async () => {
    for (const [i, centre] of ["JD01", "JD02", "JD01"].entries()) {
      await routeSubmittedDispute(deps, submitted(`p-${i}`), dispute(`p-${i}`, { centreCode: centre }));
      later(10);
    }
    const first = await queue(DISTRICT, { pageSize: 2 });
    expect(first.items.map(({ item }) => item.disputeId)).toEqual(["p-0", "p-1"]);
    expect(first).toMatchObject({ total: 3, oldestAgeSeconds: 30 });
    const second = await queue(DISTRICT, { pageSize: 2, pageToken: first.nextPageToken });
    expect(second.items.map(({ item }) => item.disputeId)).toEqual(["p-2"]);
    expect(second.nextPageToken).toBe("");
    expect((await queue(DISTRICT, { centreCode: "JD02" })).items.map(({ item }) => item.disputeId)).toEqual(["p-1"]);
    expect((await queue(DISTRICT, { kinds: ["ESCALATION"] })).total).toBe(0);
    await expect(queue(DISTRICT, { pageSize: 501 })).rejects.toThrow(/page_size/);
    await expect(queue(DISTRICT, { pageToken: "nonsense" })).rejects.toThrow(/page_token/);
  });
});

describe("a person's choice of channel", () => {
  const problems = (category: Parameters<typeof checkManualChannel>[1], channel: Parameters<typeof checkManualChannel>[2]) =>
    checkManualChannel(new Violations(), category, channel).any;

  it("keeps mediation first: no family, neighbour or small-debt dispute straight to litigation guidance", () => {
    for (const category of ["FAMILY", "NEIGHBOUR", "SMALL_DEBT"] as const) {
      expect(problems(category, "LITIGATION_GUIDANCE"), category).toBe(true);
      expect(problems(category, "PEOPLES_MEDIATION"), category).toBe(false);
    }
    expect(problems("OTHER", "LITIGATION_GUIDANCE")).toBe(false);
  });

  it("refuses a channel where nobody handles the dispute, or none", () => {
    expect(problems("OTHER", "TRIAGE")).toBe(true);
    expect(problems("OTHER", "DISTRICT_ESCALATION")).toBe(true);
    expect(problems("OTHER", undefined)).toBe(true);
  });
});
