// The `mediation` command as people run it (`node --conditions=@mediation/source --import tsx packages/cli/src/main.ts ...`, what
// `pnpm mediation` runs), against a running centre: each run a separate process, finding the services
// through MEDIATION_<SERVICE>_ADDR and speaking with the token in MEDIATION_TOKEN.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { common, shanghaiMonth } from "@mediation/contracts";
import { signToken, type TokenClaims } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const MAIN = join(REPO_ROOT, "packages", "cli", "src", "main.ts");
const MEDIATOR = "JD01-CLI";
// Every run is a new Node process compiling the CLI (about a second on an idle machine); a test makes several.
const RUN_TIMEOUT_MS = 120_000;
// One token for the whole command, as an identity provider would issue: it names every service.
const EVERY_SERVICE = (["intake", "routing", "mediation", "statistics"] as const).map(serviceAudience);
const AS_CLERK: TokenClaims = { subject: "clerk-1", role: "centre", centreCode: "JD01" };
const AS_SUPERVISOR: TokenClaims = { subject: "district-supervisor", role: "supervisor" };
const AS_MEDIATOR: TokenClaims = { subject: `mediator:${MEDIATOR}`, role: "mediator", mediatorId: MEDIATOR };
const AS_ANALYST: TokenClaims = { subject: "district-analyst", role: "analyst" };

/** The complete JSON documents in a stream of pretty-printed ones (each starts a line with "{"). */
const documents = (out: string): Array<{ disputeId: string; offerId: string; caseId: string }> =>
  out.split(/\n(?=\{)/).flatMap((text) => {
    try {
      return [JSON.parse(text)];
    } catch {
      return [];
    }
  });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the mediation command, against a running centre", { timeout: RUN_TIMEOUT_MS }, () => {
  let f: CentreFixture;

  /** Starts `mediation ...args` speaking as `claims`; `until` may end it (SIGINT) once its output satisfies it. */
  async function mediation(claims: TokenClaims, args: string[], until?: (stdout: string) => unknown): Promise<Run> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      MEDIATION_TOKEN: await signToken(claims, { secret: f.centre.authSecret, issuer: "mediation-centre", audience: EVERY_SERVICE }, "10m"),
    };
    for (const [service, address] of Object.entries(f.centre.addresses)) env[`MEDIATION_${service.toUpperCase()}_ADDR`] = address;
    const child = spawn(process.execPath, ["--conditions=@mediation/source", "--import", "tsx", MAIN, ...args], { cwd: REPO_ROOT, env });
    const run: Run = { code: null, stdout: "", stderr: "" };
    child.stdout.on("data", (chunk) => {
      run.stdout += chunk;
      if (until?.(run.stdout)) child.kill("SIGINT");
    });
    child.stderr.on("data", (chunk) => (run.stderr += chunk));
    return new Promise((resolve) =>
      child.once("close", (code) => {
        run.code = code;
        resolve(run);
      }),
    );
  }

  const json = (run: Run) => {
    expect(run.stderr, "the command printed an error").not.toMatch(/^mediation:/m);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    f = await startTestCentre({ mediators: [{ mediatorId: MEDIATOR, centreCode: "JD01", categories: ["FAMILY"] }] });
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("submits a dispute, then lists it and shows it", async () => {
    const respondent = `钱二-${Date.now()}`;
    const submitted = json(
      await mediation(AS_CLERK, [
        "submit",
        ...["--centre", "JD01", "--category", "NEIGHBOUR", "--summary", "楼上漏水"],
        ...["--claimant", "孙一", "--respondent", respondent, "--amount", "1,200.50", "--json"],
      ]),
    );
    expect(submitted.created).toBe(true);
    const { disputeId, caseNumber } = submitted.dispute;
    expect(caseNumber).toMatch(/^JD01-\d{6}-\d{4}$/);
    expect(submitted.dispute).toMatchObject({ centreCode: "JD01", category: "CATEGORY_NEIGHBOUR", claimAmountFen: "120050" });

    const [listed, shown] = await Promise.all([
      mediation(AS_SUPERVISOR, ["list", "--centre", "JD01", "--json"]),
      mediation(AS_SUPERVISOR, ["show", disputeId]),
    ]);
    expect(json(listed).disputes.map((d: { disputeId: string }) => d.disputeId)).toContain(disputeId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${caseNumber}  (${disputeId})`);
    expect(shown.stdout).toMatch(/category\s+NEIGHBOUR/);
    expect(shown.stdout).toMatch(/claim\s+1200\.50 yuan/);
    expect(shown.stdout).toContain(`claimant 孙一, respondent ${respondent}`);
  });

  it("explains where a dispute would be routed, and why", async () => {
    const [human, machine] = await Promise.all([
      mediation(AS_ANALYST, ["route", "explain", "--category", "SMALL_DEBT", "--amount", "50000.01"]),
      mediation(AS_ANALYST, ["route", "explain", "--category", "SMALL_DEBT", "--amount", "50000", "--json"]),
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^→ LAWYER_MEDIATION by rule small-debt\.over-threshold \(policy /);
    expect(json(machine)).toMatchObject({ channel: "CHANNEL_PEOPLES_MEDIATION", rule: "mediation-first.small-debt" });
  });

  it("lets the mediator watch, accept and close a case, and reports it as JSON and as CSV", async () => {
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category: common.Category.CATEGORY_FAMILY }));
    const disputeId = dispute?.disputeId as string;

    // `watch` prints each offer as a JSON document and runs until Ctrl-C: stopped once this dispute's came.
    const offerIn = (out: string) => documents(out).find((o) => o.disputeId === disputeId);
    const watched = await mediation(AS_MEDIATOR, ["mediator", "watch", MEDIATOR, "--json"], offerIn);
    expect(watched.code).toBe(0);
    const offer = offerIn(watched.stdout) ?? { disputeId: "", offerId: "", caseId: "" };
    expect(offer).toMatchObject({ disputeId, mediatorId: MEDIATOR, channel: "CHANNEL_PEOPLES_MEDIATION" });

    const accepted = json(await mediation(AS_MEDIATOR, ["mediator", "accept", MEDIATOR, offer.offerId, "--json"]));
    expect(accepted.case).toMatchObject({ caseId: offer.caseId, state: "CASE_STATE_ACCEPTED" });
    const closed = await mediation(AS_MEDIATOR, [
      ...["mediator", "close", MEDIATOR, offer.caseId, "--outcome", "AGREEMENT"],
      ...["--terms", "每周日探望母亲", "--due", "2026-12-31"],
    ]);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^Closed: case ${offer.caseId}: CLOSED AGREEMENT`));

    const month = shanghaiMonth(new Date());
    await waitFor(async () => ((await f.clients.monthlyReport(month)).report?.figures?.agreements ? true : undefined), {
      what: "the agreement in the monthly report",
    });
    const csvFile = join(f.dataDir.path, "report.csv");
    const [asJson, asCsv] = await Promise.all([
      mediation(AS_ANALYST, ["report", month, "--format", "json"]),
      mediation(AS_ANALYST, ["report", month, "--format", "csv", "--out", csvFile]),
    ]);
    expect(json(asJson)).toMatchObject({ month, figures: { accepted: 1, agreements: 1 } });
    expect(asCsv.code).toBe(0);
    expect(asCsv.stdout).toContain(`Wrote ${csvFile}`);
    const csv = readFileSync(csvFile, "utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("受理数");
    expect(csv.split("\r\n")[1]).toMatch(/^合计,全区,\d+,/);
  });

  it("refuses bad input with an error naming what is wrong and a non-zero exit code, and stores nothing", async () => {
    const submitTo = (centre: string, ...more: string[]) =>
      mediation({ subject: "clerk-2", role: "centre", centreCode: centre }, [
        ...["submit", "--centre", centre, "--summary", "噪音", "--claimant", "甲", "--respondent", "乙", ...more],
      ]);
    const [category, amount, centre, unknown] = await Promise.all([
      submitTo("JD02", "--category", "WEDDING"),
      submitTo("JD02", "--category", "NEIGHBOUR", "--amount", "12.345"),
      submitTo("jd02", "--category", "NEIGHBOUR"),
      mediation(AS_SUPERVISOR, ["show", "00000000-0000-4000-8000-000000000000"]),
    ]);
    expect(category.code).toBe(2);
    expect(category.stderr).toMatch(/^mediation: unknown category "WEDDING"; one of FAMILY, /);
    expect(amount.code).toBe(2);
    expect(amount.stderr).toContain('mediation: "12.345" is not an amount in yuan; write it like 1200 or 1200.50');
    expect(centre.code).toBe(1);
    expect(centre.stderr).toContain("mediation: invalid argument: centre_code: must be 2-16 upper-case letters or digits, e.g. JD01");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("mediation: not found: no dispute 00000000-0000-4000-8000-000000000000");

    const jd02 = json(await mediation(AS_SUPERVISOR, ["list", "--centre", "JD02", "--json"]));
    expect(jd02.disputes ?? []).toEqual([]);
  });
});
