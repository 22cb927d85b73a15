// Issue 11, part 1, in mediation: every case and roster change made through gRPC is audited as its
// caller (who, from where, which record), work the service does itself as the service, a mediator's
// case list as a read; the chain verifies until an entry is altered in the store. Real embedded
// store, real gRPC server, real timers adapter on Redis (no worker: nothing fires).
import { AUDIT_ENTRIES } from "@mediation/audit";
import { audit, common, mediation, type mediationPrivacy } from "@mediation/contracts";
import { status } from "@mediation/grpc-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES } from "../src/application/collections.js";
import type { Mediator } from "../src/domain/roster.js";
import { aMediator, type Harness, startHarness, token } from "./grpc-harness.js";

const mediator = (mediatorId: string, status: "AVAILABLE" | "AWAY"): Mediator => ({
  ...aMediator(mediatorId, "JD01", status),
  maxOpenCases: 2,
});

describe("mediation's audit trail", () => {
  let h: Harness;
  const as = <Res>(client: object, method: string, tok: Promise<string>, req: object): Promise<Res> => h.as<Res>(client, method, tok, req);
  const admin = token("root", "admin");

  beforeAll(async () => {
    h = await startHarness({ mediators: [mediator("A", "AVAILABLE"), mediator("B", "AWAY")], supervisors: { JD01: "S-JD01" } });
    await h.route("d-1", "JD01");
  });

  afterAll(async () => {
    await h?.stop();
  });

  it("records each change and read as its caller, and only what happened", async () => {
    const a = token("person-a", "mediator", "", "A");
    const supervisor = token("person-s", "supervisor", "JD01");
    const { cases } = await as<mediation.ListMyCasesResponse>(h.clients.mediator, "listMyCases", a, { mediatorId: "A" });
    const caseId = cases[0]?.caseId ?? "";
    const offerId = (await h.store.collection(CASES).get(caseId))?.offerId ?? "";
    await as(h.clients.mediator, "acceptOffer", a, { mediatorId: "A", offerId });
    await as(h.clients.mediator, "recordSession", a, { mediatorId: "A", caseId, heldAt: new Date(), note: "" });
    // Refused calls change nothing and leave nothing.
    const refused = await as(h.clients.mediator, "acceptOffer", token("person-b", "mediator", "", "B"), { mediatorId: "A", offerId }).catch(
      (e) => e.code,
    );
    expect(refused).toBe(status.PERMISSION_DENIED);
    await as(h.clients.mediator, "closeCase", a, {
      ...mediation.CloseCaseRequest.fromPartial({ mediatorId: "A", caseId, outcome: common.Outcome.OUTCOME_NO_AGREEMENT }),
      partiesToldOfOtherRoutes: true,
    });
    await as(h.clients.roster, "setMediatorStatus", supervisor, {
      mediatorId: "B",
      status: mediation.MediatorStatus.MEDIATOR_STATUS_AVAILABLE,
    });
    // A resident's access request reads the case's notes and obligations: audited as the supervisor who asked.
    await as(h.clients.privacy, "listCaseRecords", supervisor, { disputeIds: ["d-1"] });
    // Another centre's supervisor asking for it gets nothing, and the attempt is recorded under the case's centre.
    const probe = await as<mediationPrivacy.ListCaseRecordsResponse>(
      h.clients.privacy,
      "listCaseRecords",
      token("person-t", "supervisor", "JD02"),
      {
        disputeIds: ["d-1"],
      },
    );
    expect(probe.records).toEqual([]);

    const list = async (req: Partial<audit.ListAuditEntriesRequest>) =>
      (await as<audit.ListAuditEntriesResponse>(h.clients.audit, "listAuditEntries", admin, audit.ListAuditEntriesRequest.fromPartial(req)))
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
    const verify = () => as<audit.VerifyAuditTrailResponse>(h.clients.audit, "verifyAuditTrail", admin, {});
    expect(await verify()).toMatchObject({ intact: true, checked: 9n });
    const rows = h.store.collection(AUDIT_ENTRIES);
    const closing = await rows.get("000000000006");
    expect(closing?.action).toBe("case.closed");
    await rows.put("000000000006", { ...closing!, subject: "person-b" }, closing!.version);
    expect(await verify()).toMatchObject({ intact: false, brokenSequence: 6n, problem: expect.stringMatching(/altered/) });
  });
});
