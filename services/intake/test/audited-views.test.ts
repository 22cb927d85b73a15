// Issue 11, parts 1 and 2, on intake's real gRPC server and embedded store: what each role sees of
// one dispute (full, masked, reasoned full, refused), and exactly the audit entries those reads,
// changes and lists leave; then an entry altered in the store fails verification, named.
import { join } from "node:path";
import { AUDIT_ENTRIES, AuditTrail, auditGrpc } from "@mediation/audit";
import { loadConfig, retentionSchema } from "@mediation/config";
import { audit, common, events, intake, intakePrivacy, newEvent } from "@mediation/contracts";
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
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { Envelope, KeyRing, sealingStore } from "@mediation/store/sealing";
import { createLogger } from "@mediation/telemetry";
import { tempDir } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeGrpc } from "../src/adapters/grpc/intake-grpc.js";
import { personalDataGrpc } from "../src/adapters/grpc/personal-data-grpc.js";
import { stepOf } from "../src/adapters/nats/steps.js";
import { DisputeRecords } from "../src/adapters/store/dispute-records.js";
import { intakeSealing } from "../src/adapters/store/sealing-rules.js";
import { INTAKE_COLLECTIONS } from "../src/application/collections.js";
import { recordStep } from "../src/application/timeline.js";

const auth = { secret: "a-development-secret-of-32-chars!!", issuer: "mediation-centre", audience: "mediation-centre/intake" };
const ID = "330106199001011234";
const PHONE = "13856785678";

describe("need-to-know views and the audit trail in intake", () => {
  const dir = tempDir("intake-audit-");
  const logger = createLogger("test");
  let store: DocumentStore;
  let server: RunningServer;
  let client: intake.IntakeServiceClient;
  let auditClient: audit.AuditServiceClient;
  let privacyClient: intakePrivacy.PersonalDataServiceClient;
  let disputeId = "";

  const token = (subject: string, role: Role, centreCode = "", mediatorId = "") =>
    signToken({ subject, role, centreCode, mediatorId }, auth, "5m");
  const as = async <Req, Res>(method: string, tok: Promise<string>, req: Req, on: object = client): Promise<Res> =>
    call((on as Record<string, never>)[method] as never, on as never, req, 5_000, withToken(await tok)) as Promise<Res>;
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => status.OK,
      (e: { code: number }) => e.code,
    );

  const centre = token("u-jd01", "centre", "JD01");
  const otherCentre = token("u-jd02", "centre", "JD02");
  const supervisor = token("s-jd01", "supervisor", "JD01");
  const otherSupervisor = token("s-jd02", "supervisor", "JD02");
  const mediator = token("m-1", "mediator", "", "M1");
  const otherMediator = token("m-2", "mediator", "", "M2");
  const analyst = token("a-1", "analyst");
  const admin = token("root", "admin");

  beforeAll(async () => {
    // Sealed as intake seals it (docs/architecture.md#sealed-personal-data).
    store = sealingStore(
      SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS),
      new Envelope(new KeyRing([{ id: "k1", key: Buffer.alloc(32, 7) }])),
      intakeSealing(loadConfig(retentionSchema, {}).RETENTION_PERIOD),
    );
    const authenticator = new Authenticator({ ...auth, maxTokenAgeSeconds: 3600 }, logger);
    const trail = new AuditTrail("intake");
    const disputes = new DisputeRecords("secret-secret-secret");
    const grpc = intakeGrpc({
      store,
      disputes,
      logger,
      auth: authenticator,
      partyKeySecret: "secret-secret-secret",
      audit: trail,
      eventsStored: () => undefined,
    });
    const privacy = personalDataGrpc({
      store,
      disputes,
      partyKeySecret: "secret-secret-secret",
      logger,
      auth: authenticator,
      audit: trail,
    });
    server = await startGrpcServer("127.0.0.1", 0, [grpc, auditGrpc({ store, auth: authenticator, logger }), privacy]);
    client = createClient(intake.IntakeServiceClient, `127.0.0.1:${server.port}`);
    auditClient = createClient(audit.AuditServiceClient, `127.0.0.1:${server.port}`);
    privacyClient = createClient(intakePrivacy.PersonalDataServiceClient, `127.0.0.1:${server.port}`);
  });

  afterAll(async () => {
    client?.close();
    auditClient?.close();
    privacyClient?.close();
    await server?.stop(1_000);
    await store?.close();
    dir.remove();
  });

  it("shows each role what it may see of one dispute", async () => {
    const submitted = await as<intake.SubmitDisputeRequest, intake.SubmitDisputeResponse>("submitDispute", centre, {
      ...intake.SubmitDisputeRequest.fromPartial({ requestId: "r-1", centreCode: "JD01", category: common.Category.CATEGORY_FAMILY }),
      summary: "遗产继承",
      parties: [
        { role: intake.PartyRole.PARTY_ROLE_CLAIMANT, kind: intake.PartyKind.PARTY_KIND_PERSON, name: "张三", idNumber: ID, phone: PHONE },
        { role: intake.PartyRole.PARTY_ROLE_RESPONDENT, kind: intake.PartyKind.PARTY_KIND_PERSON, name: "李四", idNumber: "", phone: "" },
      ],
    });
    disputeId = submitted.dispute?.disputeId ?? "";
    const get = (tok: Promise<string>, accessReason = "") =>
      as<intake.GetDisputeRequest, intake.GetDisputeResponse>("getDispute", tok, { disputeId, accessReason });
    const claimant = async (tok: Promise<string>, accessReason = "") => (await get(tok, accessReason)).dispute?.parties[0];

    // The submitting centre: in full.
    expect(await claimant(centre)).toMatchObject({ name: "张三", idNumber: ID, phone: PHONE });
    // Its supervisor: masked; in full once a reason is stated.
    expect(await claimant(supervisor)).toMatchObject({ name: "张三", idNumber: "3301**********1234", phone: "138****5678" });
    expect(await claimant(supervisor, "回访当事人核实联系方式")).toMatchObject({ idNumber: ID, phone: PHONE });
    // Another centre and its supervisor: as if absent. A centre may not state a reason.
    expect(await codeOf(get(otherCentre))).toBe(status.NOT_FOUND);
    expect(await codeOf(get(otherSupervisor, "curious"))).toBe(status.NOT_FOUND);
    expect(await codeOf(get(centre, "why not"))).toBe(status.INVALID_ARGUMENT);
    // An analyst never sees a person, by any read.
    expect(await codeOf(get(analyst))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(as("listDisputes", analyst, intake.ListDisputesRequest.fromPartial({})))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(as("getCaseParties", analyst, { disputeId }))).toBe(status.PERMISSION_DENIED);

    // A mediator: nothing before accepting; then that case's parties in full, through GetCaseParties only.
    const parties = (tok: Promise<string>) =>
      as<intake.GetCasePartiesRequest, intake.GetCasePartiesResponse>("getCaseParties", tok, { disputeId });
    expect(await codeOf(parties(mediator))).toBe(status.PERMISSION_DENIED);
    const accepted = newEvent(
      {
        $case: "offerAccepted",
        value: events.OfferAccepted.fromPartial({
          ...emptyAccepted(),
          disputeId,
          caseId: "case-1",
          mediatorId: "M1",
          acceptedAt: new Date(),
        }),
      },
      { correlationId: disputeId, causationId: "test" },
    );
    const found = stepOf(accepted);
    await recordStep(store, accepted, disputeId, found!.step);
    expect(await parties(mediator)).toMatchObject({
      disputeId,
      caseId: "case-1",
      parties: [{ name: "张三", idNumber: ID, phone: PHONE }, { name: "李四" }],
    });
    expect(await codeOf(parties(otherMediator))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(get(mediator))).toBe(status.PERMISSION_DENIED);

    // Lists: the centre in full, the supervisor masked.
    const list = async (tok: Promise<string>) =>
      (await as<intake.ListDisputesRequest, intake.ListDisputesResponse>("listDisputes", tok, intake.ListDisputesRequest.fromPartial({})))
        .disputes;
    expect((await list(centre))[0]?.parties[0]?.phone).toBe(PHONE);
    expect((await list(supervisor))[0]?.parties[0]?.phone).toBe("138****5678");

    // A resident's access request opens the disputes naming them: a read like any other.
    const accessRequest = async (tok: Promise<string>) =>
      (
        await as<intakePrivacy.FindPersonalDataRequest, intakePrivacy.FindPersonalDataResponse>(
          "findPersonalData",
          tok,
          { idNumber: ID, name: "" },
          privacyClient,
        )
      ).holdings.map((h) => h.disputeId);
    expect(await accessRequest(supervisor)).toEqual([disputeId]);
    expect(await accessRequest(otherSupervisor)).toEqual([]);
    expect(await codeOf(accessRequest(centre))).toBe(status.PERMISSION_DENIED);
  });

  it("finds exactly the expected audit entries, by record, by person and by time, for whom it may show them", async () => {
    const entries = async (tok: Promise<string>, req: Partial<audit.ListAuditEntriesRequest>) =>
      (
        await as<audit.ListAuditEntriesRequest, audit.ListAuditEntriesResponse>(
          "listAuditEntries",
          tok,
          audit.ListAuditEntriesRequest.fromPartial(req),
          auditClient,
        )
      ).entries;
    const byRecord = await entries(admin, { recordId: disputeId });
    // Refused reads are there too, as `.refused`, under the dispute's centre: whoever probed is visible to it.
    expect(byRecord.map((e) => [e.subject, e.role, e.action, e.detail])).toEqual([
      ["u-jd01", "centre", "dispute.submit", ""],
      ["u-jd01", "centre", "dispute.read", "full"],
      ["s-jd01", "supervisor", "dispute.read", "masked"],
      ["s-jd01", "supervisor", "dispute.read", "full, reason: 回访当事人核实联系方式"],
      ["u-jd02", "centre", "dispute.read.refused", "another centre's dispute"],
      ["s-jd02", "supervisor", "dispute.read.refused", "another centre's dispute, reason: curious"],
      ["a-1", "analyst", "dispute.read.refused", "role analyst may not read this"],
      ["a-1", "analyst", "case.parties.read.refused", "role analyst may not read this"],
      ["m-1", "mediator", "case.parties.read.refused", "not the mediator holding its open case"],
      ["m-1", "mediator", "case.parties.read", "case case-1"],
      ["m-2", "mediator", "case.parties.read.refused", "not the mediator holding its open case"],
      ["m-1", "mediator", "dispute.read.refused", "role mediator may not read this"],
      ["u-jd01", "centre", "dispute.list", "full"],
      ["s-jd01", "supervisor", "dispute.list", "masked"],
      ["s-jd01", "supervisor", "personal_data.access_request", "by id number"],
    ]);
    for (const e of byRecord) {
      expect(e).toMatchObject({
        service: "intake",
        recordKind: "dispute",
        centreCode: "JD01",
        peer: expect.stringMatching(/127\.0\.0\.1/),
      });
    }
    // Sequence 8 is the analyst's refused list (no one record).
    expect(byRecord.map((e) => Number(e.sequence))).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(byRecord[1]?.previousHash).toBe(byRecord[0]?.hash);

    // By person; by time; the centre's supervisor sees its centre's entries, another centre's none.
    expect((await entries(admin, { subject: "m-1" })).map((e) => e.action)).toEqual([
      "case.parties.read.refused",
      "case.parties.read",
      "dispute.read.refused",
    ]);
    expect((await entries(admin, { subject: "a-1" })).map((e) => [e.action, e.recordId === disputeId])).toEqual([
      ["dispute.read.refused", true],
      ["dispute.list.refused", false],
      ["case.parties.read.refused", true],
    ]);
    const fourth = byRecord[3]?.at as Date;
    expect((await entries(admin, { from: fourth })).length).toBeGreaterThanOrEqual(4);
    expect((await entries(admin, { to: new Date(fourth.getTime()) })).every((e) => (e.at as Date) < fourth)).toBe(true);
    expect(await entries(supervisor, { recordId: disputeId })).toHaveLength(15);
    // An access request that found nothing is recorded too, without what was asked; so is a refused one.
    expect((await entries(admin, { subject: "s-jd02" })).map((e) => [e.action, e.recordKind, e.centreCode, e.detail])).toEqual([
      ["dispute.read.refused", "dispute", "JD01", "another centre's dispute, reason: curious"],
      ["personal_data.access_request", "person", "JD02", "by id number, none found"],
    ]);
    expect((await entries(admin, { subject: "u-jd01" })).at(-1)).toMatchObject({
      action: "personal_data.access_request.refused",
      detail: "role centre may not read this",
    });
    // JD01's supervisor sees that JD02's supervisor tried to read its dispute.
    expect((await entries(supervisor, { subject: "s-jd02" })).map((e) => e.action)).toEqual(["dispute.read.refused"]);
    expect(await entries(otherSupervisor, { recordId: disputeId })).toEqual([]);
    for (const who of [centre, mediator, analyst]) {
      expect(await codeOf(entries(who, {}))).toBe(status.PERMISSION_DENIED);
    }

    // A withdrawal is recorded in its own transaction, with who withdrew; a refused one leaves nothing.
    const reason = { withdrawnBy: common.WithdrawnBy.WITHDRAWN_BY_CLAIMANT, reason: "双方已自行和解" };
    expect(await codeOf(as("withdrawDispute", otherCentre, { disputeId, ...reason }))).toBe(status.NOT_FOUND);
    await as("withdrawDispute", centre, { disputeId, ...reason });
    expect((await entries(admin, { recordId: disputeId })).slice(15).map((e) => [e.subject, e.action, e.detail])).toEqual([
      ["u-jd01", "dispute.withdraw", "CLAIMANT"],
    ]);
  });

  it("verifies the chain, and names the entry altered in the store", async () => {
    const verify = () => as<audit.VerifyAuditTrailRequest, audit.VerifyAuditTrailResponse>("verifyAuditTrail", admin, {}, auditClient);
    expect(await verify()).toMatchObject({ intact: true, checked: 19n, brokenSequence: 0n });
    expect(await codeOf(as("verifyAuditTrail", supervisor, {}, auditClient))).toBe(status.PERMISSION_DENIED);
    const rows = store.collection(AUDIT_ENTRIES);
    // Someone with access to the database hides that the supervisor saw the numbers in full.
    const fourth = await rows.get("000000000004");
    expect(fourth?.detail).toMatch(/^full, reason/);
    await rows.put("000000000004", { ...fourth!, detail: "masked" }, fourth!.version);
    expect(await verify()).toMatchObject({ intact: false, checked: 3n, brokenSequence: 4n, problem: expect.stringMatching(/altered/) });
  });
});

function emptyAccepted() {
  return {
    offerId: "o-1",
    centreCode: "JD01",
    category: common.Category.CATEGORY_FAMILY,
    channel: common.Channel.CHANNEL_PEOPLES_MEDIATION,
  };
}
