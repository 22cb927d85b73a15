// The use cases against the real embedded store in a temp dir and the real timers adapter on Redis
// (its own queue prefix, no worker, so nothing fires): what they store, the events they put in the
// outbox, and the timers they leave in the queue. No NATS: the outbox rows are their whole output to the bus.
import { join } from "node:path";
import { OUTBOX } from "@mediation/bus/outbox";
import { type Event, eventFromStored, events, InvalidArgument, newEvent } from "@mediation/contracts";
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { createLogger, type Logger } from "@mediation/telemetry";
import { type TempDir, tempDir, uniqueName, waitFor } from "@mediation/testkit";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import { CaseTimers } from "../src/adapters/queue/case-timers.js";
import { acceptOffer } from "../src/application/accept-offer.js";
import type { MediationDeps } from "../src/application/change-case.js";
import { closeCase } from "../src/application/close-case.js";
import { CASES, MEDIATION_COLLECTIONS } from "../src/application/collections.js";
import { declineOffer } from "../src/application/decline-offer.js";
import { extendDeadline } from "../src/application/extend-deadline.js";
import { OfferFeed } from "../src/application/offer-feed.js";
import { offerRoutedCase, type RoutedCase } from "../src/application/offer-routed-case.js";
import type { SweepResult } from "../src/application/ports.js";
import { seedRoster } from "../src/application/roster.js";
import { startTimerSweep, sweepTimers } from "../src/application/timers.js";
import type { Case } from "../src/domain/case.js";
import { parseChannelPeriods } from "../src/domain/channel-periods.js";
import { parseDuration } from "../src/domain/duration.js";
import type { Mediator } from "../src/domain/roster.js";
import type { Timer } from "../src/domain/timers.js";
import { deleteKeysUnder } from "./redis-prefix.js";

const NOW = new Date("2026-11-02T02:00:00Z");

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const mediator = (mediatorId: string): Mediator => ({
  mediatorId,
  displayName: mediatorId,
  centreCode: "JD01",
  channels: ["PEOPLES_MEDIATION"],
  categories: ["FAMILY"],
  languages: [],
  maxOpenCases: 5,
  status: "AVAILABLE",
});

const routed: RoutedCase = {
  disputeId: "d-1",
  centreCode: "JD01",
  category: "FAMILY",
  channel: "PEOPLES_MEDIATION",
  preferredMediatorId: "",
  submittedAt: "2026-11-02T01:00:00.000Z",
};

const routedEvent = (): Event =>
  newEvent(
    { $case: "disputeRouted", value: events.DisputeRouted.fromPartial({ disputeId: routed.disputeId }) },
    { correlationId: routed.disputeId, causationId: "test" },
  );

describe("mediation use cases on the embedded store", () => {
  let dir: TempDir;
  let store: DocumentStore;
  let timers: CaseTimers;
  let queue: Queue;
  let prefix: string;
  /** Redis as the test reads it, beside the adapter. */
  let redis: Redis;
  /** The timers in Redis, as the use cases left them (one already due waits rather than being delayed). */
  const scheduled = async (): Promise<Timer[]> => (await queue.getJobs(["delayed", "waiting"])).map((job) => job.data as Timer);
  let deps: MediationDeps;

  beforeEach(async () => {
    dir = tempDir("mediation-use-cases-");
    store = SqliteStore.open(join(dir.path, "mediation.sqlite"), MEDIATION_COLLECTIONS);
    await seedRoster(store, {
      mediators: [
        mediator("M-JD01-01"),
        mediator("M-JD01-02"),
        { ...mediator("C-DIST-01"), centreCode: "DISTRICT", channels: ["CONSUMER_ASSOCIATION"], categories: ["CONSUMER"] },
        { ...mediator("W-DIST-01"), centreCode: "DISTRICT", channels: ["LABOUR_MEDIATION"], categories: ["LABOUR_WAGES"] },
      ],
      supervisors: { JD01: "S-JD01" },
    });
    prefix = uniqueName("use-cases");
    redis = new Redis(REDIS_URL);
    timers = new CaseTimers(REDIS_URL, prefix, createLogger("mediation-test"));
    queue = new Queue("case-timers", { connection: { url: REDIS_URL }, prefix });
    deps = {
      store,
      settings: {
        offerTimeout: parseDuration("PT30M"),
        maxOffers: 3,
        periods: parseChannelPeriods("PEOPLES_MEDIATION=P1M+ext:P1M,CONSUMER_ASSOCIATION=7WD,LABOUR_MEDIATION=P15D"),
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
    redis.disconnect();
    await queue.obliterate({ force: true });
    await queue.close();
    await timers.close();
    await deleteKeysUnder(REDIS_URL, prefix);
    await store.close();
    dir.remove();
  });

  const outbox = async () => (await store.collection(OUTBOX).find({ sort: { field: "id" } })).map((row) => eventFromStored(row.event));
  const stored = async (caseId: string) => store.collection(CASES).get(caseId);

  it("opens a routed case and offers it to a mediator of the centre, once per routing event", async () => {
    const event = routedEvent();
    const opened = await offerRoutedCase(deps, event, routed);
    expect(await offerRoutedCase(deps, event, routed)).toBeUndefined();
    expect(opened?.state).toBe("OFFERED");
    expect(opened?.holderId).toBe("M-JD01-01");
    expect(await store.collection(CASES).count()).toBe(1);
    const [made] = await outbox();
    expect(made?.payload?.$case).toBe("offerMade");
    if (made?.payload?.$case !== "offerMade") return;
    expect(made.payload.value).toMatchObject({ caseId: opened?.caseId, mediatorId: "M-JD01-01", offerId: opened?.offerId, attempt: 1 });
    expect(await scheduled()).toEqual([expect.objectContaining({ kind: "offer-expiry", key: opened?.offerId })]);
  });

  it("ignores a dispute routed to a channel no mediator takes", async () => {
    expect(await offerRoutedCase(deps, routedEvent(), { ...routed, channel: "LITIGATION_GUIDANCE" })).toBeUndefined();
    expect(await store.collection(CASES).count()).toBe(0);
    expect(await outbox()).toEqual([]);
  });

  it("offers a declined case to the next mediator", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    await declineOffer(deps, "M-JD01-01", opened.offerId, "on leave");
    const after = await stored(opened.caseId);
    expect(after?.holderId).toBe("M-JD01-02");
    const out = (await outbox()).map((e) => e.payload);
    expect(out.map((p) => p?.$case).sort()).toEqual(["offerDeclined", "offerMade", "offerMade"]);
    expect(out.filter((p) => p?.$case === "offerMade").map((p) => p?.value.mediatorId)).toEqual(["M-JD01-01", "M-JD01-02"]);
  });

  it("sets the channel's deadline when the offer is accepted", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    const accepted = await acceptOffer(deps, "M-JD01-01", opened.offerId);
    expect(accepted.state).toBe("ACCEPTED");
    expect(accepted.deadlineAt).toBe("2026-12-02T02:00:00.000Z");
    expect((await stored(opened.caseId))?.deadlineAt).toBe(accepted.deadlineAt);
    expect((await outbox()).at(-1)?.payload?.$case).toBe("offerAccepted");
    expect((await scheduled()).map((t) => t.kind)).toContain("deadline-overdue");
  });

  it("offers a consumer complaint to the consumer association's staff, whose 7 working days skip 国庆", async () => {
    const complaint: RoutedCase = { ...routed, disputeId: "d-consumer", category: "CONSUMER", channel: "CONSUMER_ASSOCIATION" };
    const beforeHoliday = { ...deps, now: () => new Date("2026-09-29T02:00:00Z") }; // Tue 29 Sep, 10:00 in Beijing
    const opened = (await offerRoutedCase(beforeHoliday, routedEvent(), complaint)) as Case;
    expect(opened.holderId).toBe("C-DIST-01");
    const accepted = await acceptOffer(beforeHoliday, "C-DIST-01", opened.offerId);
    // 30 Sep, then 8, 9, 10 (调休 Saturday), 12, 13, 14 Oct: ends at 24:00 on 14 Oct in Beijing.
    expect(accepted.deadlineAt).toBe("2026-10-14T16:00:00.000Z");
    await expect(extendDeadline(beforeHoliday, "C-DIST-01", opened.caseId, true)).rejects.toThrow(/no extension/);
  });

  it("gives labour mediation 15 calendar days", async () => {
    const labour: RoutedCase = { ...routed, disputeId: "d-labour", category: "LABOUR_WAGES", channel: "LABOUR_MEDIATION" };
    const opened = (await offerRoutedCase(deps, routedEvent(), labour)) as Case;
    expect(opened.holderId).toBe("W-DIST-01");
    expect((await acceptOffer(deps, "W-DIST-01", opened.offerId)).deadlineAt).toBe("2026-11-17T02:00:00.000Z");
  });

  it("refuses to close with an agreement that states no obligation, and stores nothing", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    await acceptOffer(deps, "M-JD01-01", opened.offerId);
    const closing = { outcome: "AGREEMENT" as const, obligations: [], refusedBy: "", partiesToldOfOtherRoutes: false };
    const refused = await closeCase(deps, "M-JD01-01", opened.caseId, closing).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidArgument);
    expect((refused as InvalidArgument).violations.map((v) => v.field)).toEqual(["obligations"]);
    expect((await stored(opened.caseId))?.state).toBe("ACCEPTED");
    const obligations = [{ obligor: "被申请人", terms: "归还借款 5000 元", manner: "转账", dueBy: "2026-12-31" }];
    const closed = await closeCase(deps, "M-JD01-01", opened.caseId, { ...closing, obligations });
    expect(closed.state).toBe("CLOSED");
    expect((await outbox()).at(-1)?.payload?.$case).toBe("caseClosed");
  });

  it("sweeps every open case's timers back into an emptied queue, reading the cases a page at a time", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    const { id: _id, version: _v, ...template } = (await stored(opened.caseId)) as Case & { id: string; version: number };
    const copies = 1_234;
    await store.transaction(async (tx) => {
      for (let i = 0; i < copies; i++) {
        const caseId = `sweep-${String(i).padStart(5, "0")}`;
        const offerId = `offer-${caseId}`;
        await tx
          .collection(CASES)
          .put(caseId, { ...template, caseId, offerId, offers: template.offers.map((o) => ({ ...o, offerId })) }, 0);
      }
    });
    await queue.obliterate({ force: true });
    const result = await sweepTimers(deps);
    expect(result).toMatchObject({ kind: "full", cases: copies + 1, needed: copies + 1, added: copies + 1, removed: 0 });
    const keys = new Set((await scheduled()).map((t) => t.key));
    expect(keys.size).toBe(copies + 1);
    expect(keys.has(opened.offerId) && keys.has("offer-sweep-01233")).toBe(true);
    // Nothing in doubt since: the next sweep reads none of the open cases.
    expect(await sweepTimers(deps)).toMatchObject({ kind: "incremental", cases: 0, added: 0, removed: 0 });
  });

  it("sweeps on its interval incrementally, and in full again once the full sweep's interval has passed", async () => {
    await offerRoutedCase(deps, routedEvent(), routed);
    const lines: Array<Partial<SweepResult>> = [];
    const record = (fields: Partial<SweepResult>) => void lines.push(fields);
    deps.logger = { info: record, debug: record, warn: record } as unknown as Logger;
    const stop = startTimerSweep(deps, { everyMs: 50, fullEveryMs: 1_500 });
    try {
      await waitFor(() => (lines.some((l) => l.reason === "backstop") ? true : undefined), { what: "a backstop sweep", timeoutMs: 10_000 });
    } finally {
      stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines[0]).toMatchObject({ kind: "full", reason: "start", cases: 1 });
    const backstop = lines.findIndex((l) => l.reason === "backstop");
    expect(backstop).toBeGreaterThan(1);
    expect(lines.slice(1, backstop).every((l) => l.kind === "incremental" && l.cases === 0)).toBe(true);
    expect(lines[backstop]).toMatchObject({ kind: "full", cases: 1 });
  });

  it("schedules at the next incremental sweep the timers of a case whose scheduling failed after its change", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    expect(await sweepTimers(deps)).toMatchObject({ kind: "full", cases: 1 });
    // Redis refuses the case's set of job ids (wrong type): the accept commits, its timers are not scheduled.
    const caseSet = `${prefix}:case-timers:of-case:${opened.caseId}`;
    await redis.set(caseSet, "not a set");
    await acceptOffer(deps, "M-JD01-01", opened.offerId);
    expect((await stored(opened.caseId))?.state).toBe("ACCEPTED");
    expect((await scheduled()).map((t) => t.kind).sort()).toEqual(["offer-expiry"]);
    await redis.del(caseSet);

    const result = await sweepTimers(deps);
    expect(result).toMatchObject({ kind: "incremental", cases: 1, needed: 2, added: 2 });
    expect((await scheduled()).map((t) => t.kind)).toEqual(expect.arrayContaining(["deadline-overdue", "deadline-reminder"]));
  });

  it("looks again at the next sweep at a case whose timers were cancelled, and puts them back if it is still open", async () => {
    // A consumer's batch cancels before its commit: should the commit fail, the case is still open.
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    expect(await sweepTimers(deps)).toMatchObject({ kind: "full", cases: 1 });
    await timers.cancel(opened.caseId);
    expect(await scheduled()).toEqual([]);
    expect(await sweepTimers(deps)).toMatchObject({ kind: "incremental", cases: 1, added: 1 });
    expect((await scheduled()).map((t) => t.kind)).toEqual(["offer-expiry"]);
    expect(await sweepTimers(deps)).toMatchObject({ kind: "incremental", cases: 0 });
  });

  it("leaves nothing of a case's timers in Redis once it is closed for good", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    await acceptOffer(deps, "M-JD01-01", opened.offerId);
    const caseSet = `${prefix}:case-timers:of-case:${opened.caseId}`;
    expect(await redis.scard(caseSet)).toBe(3);
    await closeCase(deps, "M-JD01-01", opened.caseId, {
      outcome: "NO_AGREEMENT",
      obligations: [],
      refusedBy: "",
      partiesToldOfOtherRoutes: true,
    });
    expect(await redis.exists(caseSet)).toBe(0);
    expect(await scheduled()).toEqual([]);
  });

  it("keeps an agreement's set while its confirmation reminder waits", async () => {
    const opened = (await offerRoutedCase(deps, routedEvent(), routed)) as Case;
    await acceptOffer(deps, "M-JD01-01", opened.offerId);
    const obligations = [{ obligor: "被申请人", terms: "归还借款 5000 元", manner: "转账", dueBy: "2026-12-31" }];
    await closeCase(deps, "M-JD01-01", opened.caseId, {
      outcome: "AGREEMENT",
      obligations,
      refusedBy: "",
      partiesToldOfOtherRoutes: false,
    });
    const caseSet = `${prefix}:case-timers:of-case:${opened.caseId}`;
    expect(await redis.exists(caseSet)).toBe(1);
    expect((await scheduled()).map((t) => t.kind)).toContain("confirmation-reminder");
  });
});
