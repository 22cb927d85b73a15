// A caller whose role may not read what mediation holds about people (ListCaseRecords: supervisors and
// the district's administrator only) is refused, and the attempt is in the audit trail first, as
// `personal_data.access_request.refused` under the case's centre, so that centre's supervisor sees who
// probed. A token that does not verify names nobody and leaves nothing. Real gRPC server and store.
import type { mediationPrivacy } from "@mediation/contracts";
import { status } from "@mediation/grpc-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aMediator, type Harness, startHarness, token } from "./grpc-harness.js";

describe("mediation's PersonalDataService, refused by role", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mediators: [aMediator("A", "JD01")], supervisors: { JD01: "S-JD01" } });
    await h.route("d-1", "JD01");
  });

  afterAll(async () => {
    await h?.stop();
  });

  const ask = (tok: Promise<string>, disputeIds: string[]) =>
    h.as<mediationPrivacy.ListCaseRecordsResponse>(h.clients.privacy, "listCaseRecords", tok, { disputeIds }).then(
      () => "answered",
      (e: { code: number }) => e.code,
    );

  it("records each refused caller's attempt, under the case's centre, before answering PERMISSION_DENIED", async () => {
    const before = (await h.entries()).length;
    expect(await ask(token("person-m", "mediator", "", "A"), ["d-1"])).toBe(status.PERMISSION_DENIED);
    expect(await ask(token("person-c", "centre", "JD01"), ["d-1"])).toBe(status.PERMISSION_DENIED);
    expect(await ask(token("person-x", "analyst"), ["d-1", "d-unknown"])).toBe(status.PERMISSION_DENIED);
    const refused = (await h.entries()).slice(before);
    expect(refused.map((e) => [e.subject, e.role, e.action, e.centreCode, e.detail])).toEqual([
      ["person-m", "mediator", "personal_data.access_request.refused", "JD01", "role mediator may not read this; dispute d-1"],
      ["person-c", "centre", "personal_data.access_request.refused", "JD01", "role centre may not read this; dispute d-1"],
      ["person-x", "analyst", "personal_data.access_request.refused", "JD01", "role analyst may not read this; dispute d-1"],
    ]);
  });

  it("records the attempt even when no case of the disputes asked for is held", async () => {
    const before = (await h.entries()).length;
    expect(await ask(token("person-m", "mediator", "", "A"), ["d-none"])).toBe(status.PERMISSION_DENIED);
    const refused = (await h.entries()).slice(before);
    expect(refused.map((e) => [e.subject, e.action, e.recordId, e.centreCode, e.detail])).toEqual([
      ["person-m", "personal_data.access_request.refused", "", "", "role mediator may not read this; none held of 1 dispute(s) asked"],
    ]);
  });

  it("leaves nothing for a token that does not verify", async () => {
    const before = (await h.entries()).length;
    expect(await ask(Promise.resolve("not-a-token"), ["d-1"])).toBe(status.UNAUTHENTICATED);
    expect((await h.entries()).length).toBe(before);
  });

  it("still answers the centre's supervisor, audited as a read", async () => {
    const { records } = await h.as<mediationPrivacy.ListCaseRecordsResponse>(
      h.clients.privacy,
      "listCaseRecords",
      token("s", "supervisor", "JD01"),
      {
        disputeIds: ["d-1"],
      },
    );
    expect(records.map((r) => r.disputeId)).toEqual(["d-1"]);
    expect((await h.entries()).at(-1)).toMatchObject({ subject: "s", action: "personal_data.access_request" });
  });
});
