// Retention and access requests on the real services (docs/domain-rules.md#retention, #access-requests): a
// supervisor's `mediation privacy access-request` finds a person's disputes by the blind index (however the ID
// number was typed) with what intake and mediation hold; when the retention period after closing ends, the sweep
// destroys each dispute's data key, and the monthly report stays exactly as it was.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { CentreClients, developmentSigner, REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { common, intake, shanghaiMonth, statistics } from "@mediation/contracts";
import { signToken } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { PartyKind, PartyRole } = intake;
const RETENTION_SECONDS = 20;
const EVERY_SERVICE = (["intake", "routing", "mediation", "statistics"] as const).map(serviceAudience);
const person = (name: string, idNumber: string) => ({
  role: PartyRole.PARTY_ROLE_CLAIMANT,
  kind: PartyKind.PARTY_KIND_PERSON,
  name,
  idNumber,
  phone: "13912345678",
});
const respondent = (name: string) => ({
  role: PartyRole.PARTY_ROLE_RESPONDENT,
  kind: PartyKind.PARTY_KIND_PERSON,
  name,
  idNumber: "",
  phone: "",
});

describe("a resident's data: access, then erasure at the end of retention", () => {
  let f: CentreFixture;
  beforeAll(async () => {
    f = await startTestCentre(
      { mediators: [{ mediatorId: "T1", centreCode: "JD01", categories: ["FAMILY"] }], supervisors: { JD01: "S-JD01", JD02: "S-JD02" } },
      { RETENTION_PERIOD: `PT${RETENTION_SECONDS}S`, RETENTION_SWEEP_INTERVAL: "PT1S" },
    );
  }, 90_000);
  afterAll(async () => f?.stop());

  async function accessRequest(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const token = await signToken(
      { subject: "district-supervisor", role: "supervisor" },
      { secret: f.centre.authSecret, issuer: "mediation-centre", audience: EVERY_SERVICE },
      "10m",
    );
    const env: Record<string, string | undefined> = { ...process.env, MEDIATION_TOKEN: token };
    for (const [service, address] of Object.entries(f.centre.addresses)) env[`MEDIATION_${service.toUpperCase()}_ADDR`] = address;
    const child = spawn(
      process.execPath,
      [
        "--conditions=@mediation/source",
        "--import",
        "tsx",
        join(REPO_ROOT, "packages/cli/src/main.ts"),
        "privacy",
        "access-request",
        ...args,
        "--json",
      ],
      { cwd: REPO_ROOT, env },
    );
    const run = { code: null as number | null, stdout: "", stderr: "" };
    child.stdout.on("data", (c: Buffer) => (run.stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (run.stderr += c.toString()));
    return new Promise((resolve) => child.once("close", (code) => resolve({ ...run, code })));
  }

  it("answers the access request from both services, then erases, and the report does not move", async () => {
    const submit = async (centreCode: string, claimant: ReturnType<typeof person>, respondentName: string) =>
      (await f.clients.submitDispute(aDispute({ centreCode, parties: [claimant, respondent(respondentName)] }))).dispute?.disputeId ?? "";
    const mediated = await submit("JD01", person("张三丰", "11010519491231002X"), "李四");
    // The same person typed another way: full-width digits, a space and a lower-case x.
    const withdrawn = await submit("JD02", person("张 三丰", "１１０１０５ 19491231002x"), "王五");
    const other = await submit("JD01", person("赵六", "110105198001010011"), "钱七");

    const offers: Array<{ offerId: string; caseId: string; disputeId: string }> = [];
    const stop = f.clients.watchAssignments("T1", (o) => offers.push(o));
    const offer = await waitFor(() => offers.find((o) => o.disputeId === mediated), { timeoutMs: 20_000 });
    stop();
    await f.clients.acceptOffer("T1", offer.offerId);
    await f.clients.recordSession({ mediatorId: "T1", caseId: offer.caseId, heldAt: new Date(), note: "张三丰同意分期还款" });
    const obligation = { obligor: "李四", terms: "向张三丰归还五千元", manner: "转账", dueBy: new Date("2027-01-31T00:00:00Z") };
    await f.clients.closeCase({
      mediatorId: "T1",
      caseId: offer.caseId,
      outcome: common.Outcome.OUTCOME_AGREEMENT,
      obligations: [obligation],
    });
    await f.clients.withdrawDispute(withdrawn, common.WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "张三丰与王五已和解", "JD02");

    const run = await accessRequest(["--id-number", "11010519491231002x"]);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as {
      disputes: Array<Record<string, unknown> & { disputeId: string; cases: Array<Record<string, unknown>> }>;
    };
    expect(answer.disputes.map((d) => d.disputeId).sort()).toEqual([mediated, withdrawn].sort());
    const a = answer.disputes.find((d) => d.disputeId === mediated);
    expect(a?.parties).toEqual([expect.objectContaining({ name: "张三丰", idNumber: "11010519491231002X" })]);
    expect(a?.cases[0]).toMatchObject({
      sessionNotes: ["张三丰同意分期还款"],
      obligations: [expect.objectContaining({ obligor: "李四" })],
    });
    expect(a?.eraseAfter).toBeDefined();
    expect(answer.disputes.find((d) => d.disputeId === withdrawn)).toMatchObject({
      withdrawalReason: "张三丰与王五已和解",
      centreCode: "JD02",
    });
    expect(JSON.stringify(answer)).not.toContain(other);
    // By name, with a zero-width space typed in, the same two; a supervisor of JD02 sees only its own.
    expect((await f.clients.findPersonalData("", "张\u200b三丰")).holdings.map((h) => h.disputeId).sort()).toEqual(
      [mediated, withdrawn].sort(),
    );
    const jd02 = new CentreClients(
      f.centre.addresses,
      developmentSigner(f.centre.authSecret, { as: { subject: "s-jd02", role: "supervisor", centreCode: "JD02" } }),
    );
    expect((await jd02.findPersonalData("11010519491231002X", "")).holdings.map((h) => h.disputeId)).toEqual([withdrawn]);
    jd02.close();

    const month = shanghaiMonth(new Date());
    // The figures, not the moment they were read: `waitingForOwner.asOf` is the time of each answer.
    const report = async () => {
      const r = (await f.clients.monthlyReport(month)).report;
      return r
        ? statistics.MonthlyReport.toJSON({ ...r, waitingForOwner: r.waitingForOwner && { ...r.waitingForOwner, asOf: undefined } })
        : undefined;
    };
    const before = await waitFor(async () => {
      const r = await report();
      const figures = (r as { figures?: { received?: number; withdrawals?: number; agreements?: number } } | undefined)?.figures;
      return figures?.received === 3 && figures.withdrawals === 1 && figures.agreements === 1 ? r : undefined;
    });

    // The retention period ends; the sweep destroys both data keys, so the personal data is gone.
    const erased = await waitFor(
      async () => {
        const d = (await f.clients.getDispute(mediated)).dispute;
        return d && d.parties.length === 0 ? d : undefined;
      },
      { timeoutMs: (RETENTION_SECONDS + 30) * 1000, what: "the dispute's personal data to be erased" },
    );
    expect(erased).toMatchObject({ summary: "", caseNumber: expect.stringMatching(/^JD01-/) });
    await waitFor(async () => ((await f.clients.getDispute(withdrawn)).dispute?.parties.length === 0 ? true : undefined), {
      timeoutMs: 30_000,
    });
    // Mediation's sweep runs on its own clock: its copy goes within a sweep interval or two.
    const closedCase = await waitFor(
      async () => {
        const c = (await f.clients.listMyCases("T1")).cases.find((x) => x.caseId === offer.caseId);
        return c && c.obligations.length === 0 ? c : undefined;
      },
      { timeoutMs: 30_000, what: "mediation's copy to be erased" },
    );
    expect(closedCase.outcome).toBe(common.Outcome.OUTCOME_AGREEMENT);
    expect((await f.clients.findPersonalData("11010519491231002X", "")).holdings).toEqual([]);
    expect((await f.clients.getDispute(other)).dispute?.parties[0]?.name).toBe("赵六");
    expect(await report()).toEqual(before);
  }, 180_000);
});
