// Issue 11 on a running centre, through the `mediation` command as people run it: a supervisor sees
// a resident's numbers masked unless it states why, the mediator holding the case sees them in full,
// the administrator lists who read and changed the dispute, and `mediation audit verify` passes,
// then names the entry someone altered in intake's database file.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { AUDIT_COLLECTIONS, AUDIT_ENTRIES } from "@mediation/audit";
import { REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { intake } from "@mediation/contracts";
import { signToken, type TokenClaims } from "@mediation/grpc-kit";
import { SqliteStore } from "@mediation/store";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const MAIN = join(REPO_ROOT, "packages", "cli", "src", "main.ts");
const EVERY_SERVICE = (["intake", "routing", "mediation", "statistics"] as const).map(serviceAudience);
const PHONE = "13856785678";
const ID = "330106199001011234";
const SUPERVISOR: TokenClaims = { subject: "supervisor-jd01", role: "supervisor", centreCode: "JD01" };
const MEDIATOR: TokenClaims = { subject: "mediator-person", role: "mediator", mediatorId: "M-AUDIT" };
const ADMIN: TokenClaims = { subject: "district-admin", role: "admin" };

describe("need-to-know views and the audit trail, on a running centre", { timeout: 120_000 }, () => {
  let f: CentreFixture;
  let disputeId = "";

  async function mediation(claims: TokenClaims, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      MEDIATION_TOKEN: await signToken(claims, { secret: f.centre.authSecret, issuer: "mediation-centre", audience: EVERY_SERVICE }, "10m"),
    };
    for (const [service, address] of Object.entries(f.centre.addresses)) env[`MEDIATION_${service.toUpperCase()}_ADDR`] = address;
    const child = spawn(process.execPath, ["--conditions=@mediation/source", "--import", "tsx", MAIN, ...args], { cwd: REPO_ROOT, env });
    const run = { code: null as number | null, stdout: "", stderr: "" };
    child.stdout.on("data", (chunk) => (run.stdout += chunk));
    child.stderr.on("data", (chunk) => (run.stderr += chunk));
    return new Promise((resolve) => child.once("close", (code) => resolve({ ...run, code })));
  }

  beforeAll(async () => {
    f = await startTestCentre({ mediators: [{ mediatorId: "M-AUDIT", centreCode: "JD01", categories: ["FAMILY"] }] });
    const offers: Array<{ offerId: string; disputeId: string }> = [];
    const stop = f.clients.watchAssignments("M-AUDIT", (o) => offers.push(o));
    const request = aDispute();
    const parties = request.parties?.map((p, i) => (i === 0 ? { ...p, idNumber: ID, phone: PHONE } : p));
    const { dispute } = await f.clients.submitDispute({ ...request, parties });
    disputeId = dispute?.disputeId ?? "";
    const offer = await waitFor(() => offers.find((o) => o.disputeId === disputeId), { what: "the offer to M-AUDIT" });
    stop();
    await f.clients.acceptOffer("M-AUDIT", offer.offerId);
    // Intake learns of the acceptance from the events.
    await waitFor(
      async () =>
        (await f.clients.getDispute(disputeId)).dispute?.state === intake.DisputeState.DISPUTE_STATE_ACCEPTED ? true : undefined,
      {
        what: "intake's timeline to show the acceptance",
        timeoutMs: 20_000,
      },
    );
  }, 120_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("masks for a supervisor without a reason, shows in full with one and to the mediator holding the case", async () => {
    const masked = await mediation(SUPERVISOR, ["show", disputeId, "--json"]);
    expect(masked.code).toBe(0);
    expect(JSON.parse(masked.stdout).dispute.parties[0]).toMatchObject({ idNumber: "3301**********1234", phone: "138****5678" });
    const reasoned = await mediation(SUPERVISOR, ["show", disputeId, "--reason", "当事人投诉复核", "--json"]);
    expect(JSON.parse(reasoned.stdout).dispute.parties[0]).toMatchObject({ idNumber: ID, phone: PHONE });
    const mediator = await mediation(MEDIATOR, ["mediator", "parties", "M-AUDIT", disputeId]);
    expect(mediator.code).toBe(0);
    expect(mediator.stdout).toContain(PHONE);
    const analyst = await mediation({ subject: "analyst-1", role: "analyst" }, ["show", disputeId]);
    expect(analyst.code).toBe(1);
    expect(analyst.stderr).toMatch(/permission denied/);
  });

  it("lists who read and changed the dispute, and verification names the entry altered in the store", async () => {
    const listed = await mediation(ADMIN, ["audit", "list", "--service", "intake", "--record", disputeId, "--json"]);
    expect(listed.code).toBe(0);
    const entries = JSON.parse(listed.stdout).entries as Array<{ sequence: string; subject: string; action: string; detail: string }>;
    // The fixture's own calls (development tokens) come first: its submission and its polling reads.
    const ours = entries.filter((e) => [SUPERVISOR, MEDIATOR].some((c) => c.subject === e.subject));
    expect(ours.map((e) => [e.subject, e.action, e.detail])).toEqual([
      ["supervisor-jd01", "dispute.read", "masked"],
      ["supervisor-jd01", "dispute.read", "full, reason: 当事人投诉复核"],
      ["mediator-person", "case.parties.read", expect.stringMatching(/^case /)],
    ]);
    expect(entries[0]?.action).toBe("dispute.submit");
    expect(await mediation(ADMIN, ["audit", "verify", "--service", "mediation"])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/intact/),
    });
    const verified = await mediation(ADMIN, ["audit", "verify", "--service", "intake"]);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/intact/) });

    // Someone with the database file rewrites who read the numbers in full.
    const file = SqliteStore.open(join(f.dataDir.path, "intake", "intake.sqlite"), AUDIT_COLLECTIONS);
    const reasonedRead = ours[1] as { sequence: string };
    const id = reasonedRead.sequence.padStart(12, "0");
    const row = await file.collection(AUDIT_ENTRIES).get(id);
    await file.collection(AUDIT_ENTRIES).put(id, { ...row!, subject: "someone-else" }, row!.version);
    await file.close();
    const broken = await mediation(ADMIN, ["audit", "verify", "--service", "intake"]);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toContain(`BROKEN at entry ${reasonedRead.sequence}`);
    expect(broken.stdout).toMatch(/altered/);
  });
});
