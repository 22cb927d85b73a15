// Issue 11, part 1, in mediation: every case and roster change made through gRPC is audited as its
// caller (who, from where, which record), work the service does itself as the service, a mediator's
// case list as a read; the chain verifies until an entry is altered in the store. Real embedded
// store, real gRPC server, real timers adapter on Redis (no worker: nothing fires).
import { join } from "node:path";
import { AUDIT_ENTRIES, auditGrpc, namingCallers, withCallerSlot } from "@mediation/audit";
import { audit, common, events, mediation, mediationPrivacy, newEvent } from "@mediation/contracts";
import {
  Authenticator,
  call,
  createClient,
  type Role,
  type RunningServer,
  signToken,
  startGrpcServer,
  status,
  withToken,
} from "@mediation/grpc-kit";
import { SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { tempDir, uniqueName } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import { mediatorGrpc } from "../src/adapters/grpc/mediator-grpc.js";
import { personalDataGrpc } from "../src/adapters/grpc/personal-data-grpc.js";
import { rosterGrpc } from "../src/adapters/grpc/roster-grpc.js";
import { CaseTimers } from "../src/adapters/queue/case-timers.js";
import type { MediationDeps } from "../src/application/change-case.js";
import { CASES, MEDIATION_COLLECTIONS } from "../src/application/collections.js";
import { OfferFeed } from "../src/application/offer-feed.js";
import { offerRoutedCase } from "../src/application/offer-routed-case.js";
import { seedRoster } from "../src/application/roster.js";
import { parseChannelPeriods } from "../src/domain/channel-periods.js";
import { parseDuration } from "../src/domain/duration.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const settings = { secret: "a-development-secret-of-32-chars!!", issuer: "mediation-centre", audience: "mediation-centre/mediation" };
const token = (subject: string, role: Role, centreCode = "", mediatorId = "") =>
  signToken({ subject, role, centreCode, mediatorId }, settings, "5m");
const mediator = (mediatorId: string, status: "AVAILABLE" | "AWAY") => ({
  mediatorId,
  displayName: mediatorId,
  centreCode: "JD01",
  channels: ["PEOPLES_MEDIATION" as const],
  categories: ["FAMILY" as const],
  languages: [],
  maxOpenCases: 2,
  status,
});

describe("mediation's audit trail", () => {
  const dir = tempDir("mediation-audit-");
  const logger = createLogger("test");
  let store: SqliteStore;
  let timers: CaseTimers;
  let server: RunningServer;
  let clients: {
    mediator: mediation.MediatorServiceClient;
    roster: mediation.RosterServiceClient;
    audit: audit.AuditServiceClient;
    privacy: mediationPrivacy.PersonalDataServiceClient;
  };
  const as = async <Res>(client: object, method: string, tok: Promise<string>, req: object): Promise<Res> =>
    call((client as Record<string, never>)[method] as never, client as never, req, 5_000, withToken(await tok)) as Promise<Res>;
  const admin = token("root", "admin");

  beforeAll(async () => {
    store = SqliteStore.open(join(dir.path, "mediation.sqlite"), MEDIATION_COLLECTIONS);
    await seedRoster(store, { mediators: [mediator("A", "AVAILABLE"), mediator("B", "AWAY")], supervisors: { JD01: "S-JD01" } });
    timers = new CaseTimers(REDIS_URL, uniqueName("audit"), logger);
    const deps: MediationDeps = {
      store,
      settings: {
        offerTimeout: parseDuration("PT30M"),
        maxOffers: 3,
        periods: parseChannelPeriods("PEOPLES_MEDIATION=P30D+ext:P30D"),
        calendar: (await loadWorkingCalendar(DEFAULT_CALENDAR_DIR, new Date())).calendar,
        deadlineReminderBefore: parseDuration("P3D"),
        confirmationWindow: parseDuration("P30D"),
        confirmationReminderBefore: parseDuration("P5D"),
        districtPoolCode: "DISTRICT",
      },
      feed: new OfferFeed(),
      timers,
      eventsStored: () => undefined,
    };
    const auth = namingCallers(new Authenticator({ ...settings, maxTokenAgeSeconds: 3600 }, logger));
    const bindings = [mediatorGrpc(deps, logger, auth), rosterGrpc(deps, logger, auth), personalDataGrpc(deps, logger, auth)].map(
      withCallerSlot,
    );
    server = await startGrpcServer("127.0.0.1", 0, [...bindings, auditGrpc({ store, auth, logger })]);
    const address = `127.0.0.1:${server.port}`;
    clients = {
      mediator: createClient(mediation.MediatorServiceClient, address),
      roster: createClient(mediation.RosterServiceClient, address),
      audit: createClient(audit.AuditServiceClient, address),
      privacy: createClient(mediationPrivacy.PersonalDataServiceClient, address),
    };
    const routed = newEvent(
      { $case: "disputeRouted", value: events.DisputeRouted.fromPartial({ disputeId: "d-1" }) },
      { correlationId: "d-1", causationId: "t" },
    );
    const routedCase = {
      disputeId: "d-1",
      centreCode: "JD01",
      category: "FAMILY",
      channel: "PEOPLES_MEDIATION",
      preferredMediatorId: "",
      submittedAt: new Date().toISOString(),
    } as const;
    await offerRoutedCase(deps, routed, routedCase);
  });

  afterAll(async () => {
    for (const c of Object.values(clients ?? {})) c.close();
    await server?.stop(1_000);
    await timers?.close();
    await store?.close();
    dir.remove();
  });

  it("records each change and read as its caller, and only what happened", async () => {
    const a = token("person-a", "mediator", "", "A");
    const supervisor = token("person-s", "supervisor", "JD01");
    const { cases } = await as<mediation.ListMyCasesResponse>(clients.mediator, "listMyCases", a, { mediatorId: "A" });
    const caseId = cases[0]?.caseId ?? "";
    const offerId = (await store.collection(CASES).get(caseId))?.offerId ?? "";
    await as(clients.mediator, "acceptOffer", a, { mediatorId: "A", offerId });
    await as(clients.mediator, "recordSession", a, { mediatorId: "A", caseId, heldAt: new Date(), note: "" });
    // Refused calls change nothing and leave nothing.
    const refused = await as(clients.mediator, "acceptOffer", token("person-b", "mediator", "", "B"), { mediatorId: "A", offerId }).catch(
      (e) => e.code,
    );
    expect(refused).toBe(status.PERMISSION_DENIED);
    await as(clients.mediator, "closeCase", a, {
      ...mediation.CloseCaseRequest.fromPartial({ mediatorId: "A", caseId, outcome: common.Outcome.OUTCOME_NO_AGREEMENT }),
      partiesToldOfOtherRoutes: true,
    });
    await as(clients.roster, "setMediatorStatus", supervisor, {
      mediatorId: "B",
      status: mediation.MediatorStatus.MEDIATOR_STATUS_AVAILABLE,
    });
    // A resident's access request reads the case's notes and obligations: audited as the supervisor who asked.
    await as(clients.privacy, "listCaseRecords", supervisor, { disputeIds: ["d-1"] });
    // Another centre's supervisor asking for it gets nothing, and the attempt is recorded under the case's centre.
    const probe = await as<mediationPrivacy.ListCaseRecordsResponse>(
      clients.privacy,
      "listCaseRecords",
      token("person-t", "supervisor", "JD02"),
      {
        disputeIds: ["d-1"],
      },
    );
    expect(probe.records).toEqual([]);

    const list = async (req: Partial<audit.ListAuditEntriesRequest>) =>
      (await as<audit.ListAuditEntriesResponse>(clients.audit, "listAuditEntries", admin, audit.ListAuditEntriesRequest.fromPartial(req)))
        .entries;
    const all = await list({});
    expect(all.map((e) => [e.subject, e.role, e.action, e.recordKind, e.recordId === caseId ? "the case" : e.recordId])).toEqual([
      ["service:mediation", "service", "roster.seed", "roster", "roster"],
      ["service:mediation", "service", "offer.made", "case", "the case"],
      ["person-a", "mediator", "case.list", "case", "the case"],
      ["person-a", "mediator", "offer.accepted", "case", "the case"],
      ["person-a", "mediator", "case.session_recorded", "case", "the case"],
      ["person-a", "mediator", "case.closed", "case", "the case"],
      ["person-s", "supervisor", "roster.mediator.status", "mediator", "B"],
      ["person-s", "supervisor", "personal_data.access_request", "case", "the case"],
      ["person-t", "supervisor", "personal_data.access_request.refused", "case", "the case"],
    ]);
    const byCaller = all.filter((e) => e.role !== "service");
    for (const e of byCaller) expect(e.peer).toMatch(/127\.0\.0\.1/);
    expect(all.every((e) => e.service === "mediation" && e.centreCode !== "JD02")).toBe(true);
    expect((await list({ subject: "person-s" })).map((e) => e.detail)).toEqual(["AVAILABLE", "dispute d-1"]);
    expect((await list({ recordId: caseId })).map((e) => e.action)).toEqual([
      "offer.made",
      "case.list",
      "offer.accepted",
      "case.session_recorded",
      "case.closed",
      "personal_data.access_request",
      "personal_data.access_request.refused",
    ]);
  });

  it("verifies the chain, and names the entry altered in the store", async () => {
    const verify = () => as<audit.VerifyAuditTrailResponse>(clients.audit, "verifyAuditTrail", admin, {});
    expect(await verify()).toMatchObject({ intact: true, checked: 9n });
    const rows = store.collection(AUDIT_ENTRIES);
    const closing = await rows.get("000000000006");
    expect(closing?.action).toBe("case.closed");
    await rows.put("000000000006", { ...closing!, subject: "person-b" }, closing!.version);
    expect(await verify()).toMatchObject({ intact: false, brokenSequence: 6n, problem: expect.stringMatching(/altered/) });
  });
});
