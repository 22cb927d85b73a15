// RosterService.ListOpenCases on the real gRPC server: a street centre's open cases (offered, accepted, in
// mediation) for that centre's supervisors and the district, never a closed case, a waiting one or another
// centre's; another centre's supervisor gets the refusal the rest of the roster gives; other roles none;
// pages of a bounded size; each case listed audited as a read; and the store answers it from its index on
// [centreCode, open], so its cost does not grow with closed cases.
import { common, mediation } from "@mediation/contracts";
import { status } from "@mediation/grpc-kit";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES } from "../src/application/collections.js";
import { aMediator, type Harness, startHarness, token } from "./grpc-harness.js";

describe("ListOpenCases", () => {
  let h: Harness;
  const caseOf = async (disputeId: string) => (await h.store.collection(CASES).find({ where: { disputeId } }))[0];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness({
      mediators: [aMediator("A", "JD01"), aMediator("B", "JD01"), aMediator("C", "JD02")],
      supervisors: { JD01: "S-JD01", JD02: "S-JD02" },
    });
    // d-1 to d-3 at JD01 (d-1 then closed), d-4 at JD02, d-5 at JD03 where nobody serves: it waits.
    for (const [disputeId, centre] of [
      ["d-1", "JD01"],
      ["d-2", "JD01"],
      ["d-3", "JD01"],
      ["d-4", "JD02"],
      ["d-5", "JD03"],
    ] as const) {
      await h.route(disputeId, centre);
      ids[disputeId] = (await caseOf(disputeId))?.caseId ?? "";
    }
    const first = await caseOf("d-1");
    const holder = token("m", "mediator", "", first?.holderId);
    await h.as(h.clients.mediator, "acceptOffer", holder, { mediatorId: first?.holderId, offerId: first?.offerId });
    await h.as(h.clients.mediator, "closeCase", holder, {
      ...mediation.CloseCaseRequest.fromPartial({ mediatorId: first?.holderId, caseId: ids["d-1"] }),
      outcome: common.Outcome.OUTCOME_NO_AGREEMENT,
      partiesToldOfOtherRoutes: true,
    });
    expect((await caseOf("d-1"))?.state).toBe("CLOSED");
    expect((await caseOf("d-5"))?.state).toBe("AWAITING_MEDIATOR");
  });

  afterAll(async () => {
    await h?.stop();
  });

  const list = (tok: Promise<string>, req: Partial<mediation.ListOpenCasesRequest> = {}) =>
    h.as<mediation.ListOpenCasesResponse>(h.clients.roster, "listOpenCases", tok, mediation.ListOpenCasesRequest.fromPartial(req));
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: -1, details: "answered" }),
      (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
    );
  const disputes = (r: mediation.ListOpenCasesResponse) => r.cases.map((c) => c.disputeId);

  it("gives a centre's supervisor that centre's open cases only, oldest first, each audited as a read", async () => {
    const jd01 = token("person-s", "supervisor", "JD01");
    const before = (await h.entries()).length;
    const own = await list(jd01);
    expect(disputes(own)).toEqual(["d-2", "d-3"]);
    expect(own.cases.every((c) => c.centreCode === "JD01" && c.state === mediation.CaseState.CASE_STATE_OFFERED)).toBe(true);
    expect(own.nextPageToken).toBe("");
    expect(disputes(await list(jd01, { centreCode: "JD01" }))).toEqual(["d-2", "d-3"]);
    const read = (await h.entries()).slice(before, before + 2);
    expect(read.map((e) => [e.subject, e.role, e.action, e.recordId, e.centreCode, e.detail])).toEqual([
      ["person-s", "supervisor", "case.list", ids["d-2"], "JD01", "open cases of centre JD01"],
      ["person-s", "supervisor", "case.list", ids["d-3"], "JD01", "open cases of centre JD01"],
    ]);
  });

  it("refuses a supervisor asking for another centre as the rest of the roster does", async () => {
    const jd01 = token("person-s", "supervisor", "JD01");
    const before = (await h.entries()).length;
    const refused = await failure(list(jd01, { centreCode: "JD02" }));
    const roster = await failure(
      h.as(h.clients.roster, "setMediatorStatus", jd01, { mediatorId: "C", status: mediation.MediatorStatus.MEDIATOR_STATUS_AWAY }),
    );
    expect(refused).toEqual({ code: status.PERMISSION_DENIED, details: "this token supervises centre JD01, not JD02" });
    expect(refused).toEqual(roster);
    expect((await h.entries()).length).toBe(before);
  });

  it("gives the district's administrator and supervisor any centre's, or every centre's", async () => {
    for (const district of [token("root", "admin"), token("person-d", "supervisor")]) {
      expect(disputes(await list(district, { centreCode: "JD02" }))).toEqual(["d-4"]);
      expect(disputes(await list(district, { centreCode: "JD03" }))).toEqual([]);
      expect(disputes(await list(district))).toEqual(["d-2", "d-3", "d-4"]);
    }
  });

  it("refuses every other role, and a token that does not verify", async () => {
    for (const tok of [token("m", "mediator", "", "A"), token("c", "centre", "JD01"), token("x", "analyst")]) {
      expect((await failure(list(tok, { centreCode: "JD01" }))).code).toBe(status.PERMISSION_DENIED);
    }
    expect((await failure(list(Promise.resolve("not-a-token")))).code).toBe(status.UNAUTHENTICATED);
  });

  it("pages through the open cases, with a bounded page size and tokens only it gave", async () => {
    const admin = token("root", "admin");
    const seen: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const page = await list(admin, { pageSize: 1, pageToken });
      expect(page.cases.length).toBe(1);
      seen.push(...disputes(page));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect([seen, pages]).toEqual([["d-2", "d-3", "d-4"], 3]);
    expect(disputes(await list(admin, { pageSize: 200 }))).toEqual(["d-2", "d-3", "d-4"]);
    const tooBig = await failure(list(admin, { pageSize: 201 }));
    expect(tooBig).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(/page_size/) });
    const forged = await failure(list(admin, { pageToken: Buffer.from("JD01").toString("base64url") }));
    expect(forged).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(/page_token/) });
  });

  it("is answered from the index on [centreCode, open] (the district's from [open]), never a scan of every case", async () => {
    const raw = new Database(h.file, { readonly: true });
    // The statement the store runs for a page after the first: equality on the indexed fields, the id range, the id order.
    const plan = (where: string, ...params: Array<string | number>) =>
      (
        raw
          .prepare(`EXPLAIN QUERY PLAN SELECT id, version, doc FROM "c_cases" WHERE ${where} AND id > ? ORDER BY id ASC LIMIT 51`)
          .all(...params, ids["d-2"] ?? "") as Array<{ detail: string }>
      )
        .map((p) => p.detail)
        .join(" | ");
    try {
      const centre = plan(`json_extract(doc, '$.centreCode') = ? AND json_extract(doc, '$.open') = ?`, "JD01", 1);
      expect(centre).toMatch(/USING INDEX ix_cases_centreCode_open_id \(/);
      expect(centre).not.toMatch(/TEMP B-TREE/);
      // The district's open cases (and the timer sweep's pages) are read in id order from [open, id], not sorted per page.
      const district = plan(`json_extract(doc, '$.open') = ?`, 1);
      expect(district).toMatch(/USING INDEX ix_cases_open_id \(/);
      expect(district).not.toMatch(/TEMP B-TREE/);
    } finally {
      raw.close();
    }
  });
});
