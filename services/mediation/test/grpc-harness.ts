// Mediation's gRPC services on a real server, as main.ts wires them (callers named for the audit
// trail), over a real embedded store and the real timers adapter on Redis (no worker: nothing fires).
// Tests call it as any role with a signed token.
import { join } from "node:path";
import { AUDIT_ENTRIES, auditGrpc, namingCallers, withCallerSlot } from "@mediation/audit";
import { audit, events, mediation, mediationPrivacy, newEvent } from "@mediation/contracts";
import {
  Authenticator,
  call,
  createClient,
  type Role,
  type RunningServer,
  signToken,
  startGrpcServer,
  withToken,
} from "@mediation/grpc-kit";
import { SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { tempDir, uniqueName } from "@mediation/testkit";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import { mediatorGrpc } from "../src/adapters/grpc/mediator-grpc.js";
import { personalDataGrpc } from "../src/adapters/grpc/personal-data-grpc.js";
import { rosterGrpc } from "../src/adapters/grpc/roster-grpc.js";
import { CaseTimers } from "../src/adapters/queue/case-timers.js";
import type { MediationDeps } from "../src/application/change-case.js";
import { MEDIATION_COLLECTIONS } from "../src/application/collections.js";
import { OfferFeed } from "../src/application/offer-feed.js";
import { offerRoutedCase } from "../src/application/offer-routed-case.js";
import { seedRoster } from "../src/application/roster.js";
import { parseChannelPeriods } from "../src/domain/channel-periods.js";
import { parseDuration } from "../src/domain/duration.js";
import type { Mediator } from "../src/domain/roster.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const settings = { secret: "a-development-secret-of-32-chars!!", issuer: "mediation-centre", audience: "mediation-centre/mediation" };

export const token = (subject: string, role: Role, centreCode = "", mediatorId = "") =>
  signToken({ subject, role, centreCode, mediatorId }, settings, "5m");

export const aMediator = (mediatorId: string, centreCode: string, status: Mediator["status"] = "AVAILABLE"): Mediator => ({
  mediatorId,
  displayName: mediatorId,
  centreCode,
  channels: ["PEOPLES_MEDIATION"],
  categories: ["FAMILY"],
  languages: [],
  maxOpenCases: 5,
  status,
});

export interface Harness {
  deps: MediationDeps;
  store: SqliteStore;
  file: string;
  clients: {
    mediator: mediation.MediatorServiceClient;
    roster: mediation.RosterServiceClient;
    audit: audit.AuditServiceClient;
    privacy: mediationPrivacy.PersonalDataServiceClient;
  };
  /** Calls `method` of `client` with `tok`. */
  as<Res>(client: object, method: string, tok: Promise<string>, req: object): Promise<Res>;
  /** A dispute routed to people's mediation at `centreCode`: its case is offered to a mediator there, if one is free. */
  route(disputeId: string, centreCode: string): Promise<void>;
  /** The audit trail's entries, oldest first, read straight from the store. */
  entries(): Promise<Array<{ subject: string; role: string; action: string; recordId: string; centreCode: string; detail: string }>>;
  stop(): Promise<void>;
}

export async function startHarness(roster: { mediators: Mediator[]; supervisors: Record<string, string> }): Promise<Harness> {
  const dir = tempDir("mediation-grpc-");
  const logger = createLogger("test");
  const file = join(dir.path, "mediation.sqlite");
  const store = SqliteStore.open(file, MEDIATION_COLLECTIONS);
  await seedRoster(store, roster);
  const timers = new CaseTimers(REDIS_URL, uniqueName("grpc-harness"), logger);
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
  const server: RunningServer = await startGrpcServer("127.0.0.1", 0, [...bindings, auditGrpc({ store, auth, logger })]);
  const address = `127.0.0.1:${server.port}`;
  const clients = {
    mediator: createClient(mediation.MediatorServiceClient, address),
    roster: createClient(mediation.RosterServiceClient, address),
    audit: createClient(audit.AuditServiceClient, address),
    privacy: createClient(mediationPrivacy.PersonalDataServiceClient, address),
  };
  return {
    deps,
    store,
    file,
    clients,
    as: async (client, method, tok, req) =>
      call((client as Record<string, never>)[method] as never, client as never, req, 5_000, withToken(await tok)) as never,
    route: async (disputeId, centreCode) => {
      const routed = newEvent(
        { $case: "disputeRouted", value: events.DisputeRouted.fromPartial({ disputeId }) },
        { correlationId: disputeId, causationId: "test" },
      );
      await offerRoutedCase(deps, routed, {
        disputeId,
        centreCode,
        category: "FAMILY",
        channel: "PEOPLES_MEDIATION",
        preferredMediatorId: "",
        submittedAt: new Date().toISOString(),
      });
    },
    entries: async () => await store.collection(AUDIT_ENTRIES).find({ sort: { field: "id" } }),
    stop: async () => {
      for (const c of Object.values(clients)) c.close();
      await server.stop(1_000);
      await timers.close();
      await store.close();
      dir.remove();
    },
  };
}
