// A supervisor's hand on cases, and escalated cases offered again when a mediator is free, on the
// real embedded store and the real timers adapter on Redis (no worker, nothing fires).
import { join } from "node:path";
import { OUTBOX } from "@mediation/bus/outbox";
import { eventFromStored, events, FailedPrecondition, newEvent, PermissionDenied } from "@mediation/contracts";
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { type TempDir, tempDir, uniqueName } from "@mediation/testkit";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import { CaseTimers } from "../src/adapters/queue/case-timers.js";
import { acceptOffer } from "../src/application/accept-offer.js";
import { listWaiting } from "../src/application/case-queries.js";
import type { MediationDeps } from "../src/application/change-case.js";
import { CASES, MEDIATION_COLLECTIONS } from "../src/application/collections.js";
import { OfferFeed } from "../src/application/offer-feed.js";
import { offerRoutedCase, type RoutedCase } from "../src/application/offer-routed-case.js";
import { reofferEscalated } from "../src/application/reoffer-escalated.js";
import { putMediator, seedRoster, setMediatorStatus } from "../src/application/roster.js";
import { assignToMediator, reassignToMediator } from "../src/application/supervise-case.js";
import { withdrawDisputeCases } from "../src/application/withdraw-case.js";
import type { Case } from "../src/domain/case.js";
import { parseChannelPeriods } from "../src/domain/channel-periods.js";
import { parseDuration } from "../src/domain/duration.js";
import type { Mediator } from "../src/domain/roster.js";

const NOW = new Date("2026-11-02T02:00:00Z");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const mediator = (mediatorId: string, status: Mediator["status"]): Mediator => ({
  mediatorId,
  displayName: mediatorId,
  centreCode: "JD01",
  channels: ["PEOPLES_MEDIATION"],
  categories: ["FAMILY"],
  languages: [],
  maxOpenCases: 1,
  status,
});
const routed: RoutedCase = {
  disputeId: "d-1",
  centreCode: "JD01",
  category: "FAMILY",
  channel: "PEOPLES_MEDIATION",
  preferredMediatorId: "",
  submittedAt: "2026-11-02T01:00:00.000Z",
};
const S_JD01 = { subject: "S-JD01", centreCode: "JD01" };
const S_JD02 = { subject: "S-JD02", centreCode: "JD02" };
const DISTRICT = { subject: "admin-1", centreCode: "" };
const routedEvent = (disputeId: string) =>
  newEvent(
    { $case: "disputeRouted", value: events.DisputeRouted.fromPartial({ disputeId }) },
    { correlationId: disputeId, causationId: "t" },
  );

describe("a supervisor's hand on cases", () => {
  let dir: TempDir;
  let store: DocumentStore;
  let timers: CaseTimers;
  let prefix: string;
  let deps: MediationDeps;

  beforeEach(async () => {
    dir = tempDir("mediation-supervise-");
    store = SqliteStore.open(join(dir.path, "mediation.sqlite"), MEDIATION_COLLECTIONS);
    await seedRoster(store, { mediators: [mediator("A", "AWAY"), mediator("B", "AWAY")], supervisors: { JD01: "S-JD01" } });
    prefix = uniqueName("supervise");
    timers = new CaseTimers(REDIS_URL, prefix, createLogger("mediation-test"));
    deps = {
      store,
      settings: {
        offerTimeout: parseDuration("PT30M"),
        maxOffers: 3,
        periods: parseChannelPeriods("PEOPLES_MEDIATION=P30D+ext:P30D"),
        calendar: (await loadWorkingCalendar(DEFAULT_CALENDAR_DIR, NOW)).calendar,
        deadlineReminderBefore: parseDuration("P3D"),
        confirmationWindow: parseDuration("P30D"),
        confirmationReminderBefore: parseDuration("P5D"),
        districtPoolCode: "DISTRICT",
      },
      feed: new OfferFeed(),
      timers,
      eventsStored: () => undefined,
      now: () => NOW,
    };
  });

  afterEach(async () => {
    await timers.close();
    await store.close();
    dir.remove();
  });

  const outbox = async () => (await store.collection(OUTBOX).find({ sort: { field: "id" } })).map((row) => eventFromStored(row.event));
  const escalated = async (disputeId = "d-1") => (await offerRoutedCase(deps, routedEvent(disputeId), { ...routed, disputeId })) as Case;

  it("offers a case escalated because everyone was AWAY to the first mediator who becomes AVAILABLE", async () => {
    const c = await escalated();
    expect(c).toMatchObject({ state: "AWAITING_MEDIATOR", escalatedTo: "S-JD01" });
    await setMediatorStatus(store, "B", "AVAILABLE", () => undefined);
    expect(await reofferEscalated(deps, "B")).toBe(1);
    expect((await store.collection(CASES).get(c.caseId))?.holderId).toBe("B");
    expect((await outbox()).map((e) => e.payload?.$case)).toEqual(["caseEscalated", "mediatorChanged", "offerMade"]);
    // B has one place: a second escalated case waits until B has room.
    await escalated("d-2");
    expect(await reofferEscalated(deps, "B")).toBe(0);
  });

  it("offers an escalated case to the mediator a withdrawal freed, even when the withdrawn case's timers cannot be cancelled", async () => {
    await setMediatorStatus(store, "A", "AVAILABLE", () => undefined);
    const held = await escalated("d-1");
    await acceptOffer(deps, "A", held.offerId);
    // A has no room left: the second case waits for a mediator.
    const waiting = await escalated("d-2");
    expect(waiting.state).toBe("AWAITING_MEDIATOR");
    // Redis refuses the withdrawn case's set of timer ids (wrong type): its cancel fails.
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(`${prefix}:case-timers:of-case:${held.caseId}`, "not a set");
      const withdrawn = newEvent(
        { $case: "disputeWithdrawn", value: events.DisputeWithdrawn.fromPartial({ disputeId: "d-1", centreCode: "JD01" }) },
        { correlationId: "d-1", causationId: "t" },
      );
      expect((await withdrawDisputeCases(deps, withdrawn, "d-1")).map((c) => c.state)).toEqual(["CLOSED"]);
    } finally {
      await redis.del(`${prefix}:case-timers:of-case:${held.caseId}`);
      redis.disconnect();
    }
    expect((await store.collection(CASES).get(waiting.caseId))?.holderId).toBe("A");
  });

  it("lists what waits for a mediator, oldest first, with its age, per centre or district-wide", async () => {
    const older = await escalated("d-old");
    const later = { ...deps, now: () => new Date(NOW.getTime() + 3_600_000) };
    const newer = (await offerRoutedCase(later, routedEvent("d-new"), { ...routed, disputeId: "d-new" })) as Case;
    const waiting = await listWaiting(store, "", new Date(NOW.getTime() + 7_200_000));
    expect(waiting.map((w) => [w.case.caseId, w.ageSeconds])).toEqual([
      [older.caseId, 7200],
      [newer.caseId, 3600],
    ]);
    expect(await listWaiting(store, "JD02", NOW)).toEqual([]);
    await assignToMediator(deps, S_JD01, older.caseId, "A");
    expect((await listWaiting(store, "JD01", NOW)).map((w) => w.case.caseId)).toEqual([newer.caseId]);
  });

  it("assigns an escalated case to a named mediator, starting the deadline, and reassigns it keeping the deadline", async () => {
    const c = await escalated();
    const assigned = await assignToMediator(deps, S_JD01, c.caseId, "A");
    expect(assigned).toMatchObject({ state: "ACCEPTED", holderId: "A", assignedBy: "S-JD01", deadlineAt: "2026-12-02T02:00:00.000Z" });
    await expect(assignToMediator(deps, S_JD01, c.caseId, "B")).rejects.toBeInstanceOf(FailedPrecondition);
    await setMediatorStatus(store, "B", "AVAILABLE", () => undefined);
    await expect(reassignToMediator(deps, S_JD01, c.caseId, "B", " ")).rejects.toThrow(/reason/);
    const moved = await reassignToMediator(deps, S_JD01, c.caseId, "B", "A is on maternity leave");
    expect(moved).toMatchObject({ holderId: "B", deadlineAt: assigned.deadlineAt });
    const last = (await outbox()).at(-1);
    expect(last?.payload).toMatchObject({
      $case: "caseReassigned",
      value: { fromMediatorId: "A", toMediatorId: "B", supervisorId: "S-JD01" },
    });
    // The supervisor's words may name people: they stay in the case (sealed at rest), never in the event.
    const stored = await store.collection(OUTBOX).find({});
    expect(stored.some((row) => Buffer.from(row.event, "base64").includes("maternity"))).toBe(false);
    expect(last?.payload?.value).not.toHaveProperty("reason");
    expect(moved.reassignments).toEqual([
      { at: NOW.toISOString(), fromMediatorId: "A", toMediatorId: "B", supervisorId: "S-JD01", reason: "A is on maternity leave" },
    ]);
  });

  it("lets a supervisor assign and reassign only their own centre's cases, to whoever serves them (the district pool too)", async () => {
    // P is AWAY, so the case waits; a supervisor may still name P.
    await putMediator(store, { ...mediator("P", "AWAY"), centreCode: "DISTRICT" }, () => undefined);
    const c = await escalated();
    // JD02's supervisor may not touch a JD01 case, whatever the mediator's centre.
    await expect(assignToMediator(deps, S_JD02, c.caseId, "P")).rejects.toBeInstanceOf(PermissionDenied);
    expect((await store.collection(CASES).get(c.caseId))?.state).toBe("AWAITING_MEDIATOR");
    // JD01's supervisor may name a district-pool mediator for a JD01 case.
    expect(await assignToMediator(deps, S_JD01, c.caseId, "P")).toMatchObject({ state: "ACCEPTED", holderId: "P", assignedBy: "S-JD01" });
    await setMediatorStatus(store, "A", "AVAILABLE", () => undefined);
    await expect(reassignToMediator(deps, S_JD02, c.caseId, "A", "P is ill")).rejects.toBeInstanceOf(PermissionDenied);
    // The district (no centre) may act on every centre's cases.
    expect(await reassignToMediator(deps, DISTRICT, c.caseId, "A", "P is ill")).toMatchObject({ holderId: "A" });
  });

  it("never reassigns to a mediator who does not take the channel, or a case not yet accepted", async () => {
    await setMediatorStatus(store, "A", "AVAILABLE", () => undefined);
    const offered = await escalated();
    await reofferEscalated(deps, "A");
    await expect(reassignToMediator(deps, S_JD01, offered.caseId, "B", "leave")).rejects.toThrow(/only an accepted case/);
    const current = (await store.collection(CASES).get(offered.caseId)) as Case;
    await acceptOffer(deps, "A", current.offerId);
    await putMediator(store, { ...mediator("B", "AVAILABLE"), channels: ["LAWYER_MEDIATION"] }, () => undefined);
    await expect(reassignToMediator(deps, S_JD01, offered.caseId, "B", "leave")).rejects.toThrow(/does not take PEOPLES_MEDIATION/);
    expect((await store.collection(CASES).get(offered.caseId))?.holderId).toBe("A");
  });
});
