// Key rotation under load (docs/architecture.md#key-rotation), on the real services, stores and CLI: disputes and a
// mediation agreement sealed with k1; the services restart with k2 as the newest key and k1 as an old one; while a
// centre keeps submitting, `mediation keys reseal` moves every data key to k2; then, with k1 removed altogether,
// every record still opens and every new one carries k2.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { common, intake } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { DATA_KEYS } from "@mediation/store/sealing";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const K1 = randomBytes(32).toString("base64");
const K2 = randomBytes(32).toString("base64");
const keysEnv = { intake: { PII_KEY: K1, PII_KEY_ID: "k1" }, mediation: { PII_KEY: K1, PII_KEY_ID: "k1" } };
const rotated = { PII_KEY: K2, PII_KEY_ID: "k2", PII_OLD_KEYS: `k1=${K1}` };

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "packages/cli/bin/mediation.mjs"), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe("rotating the key that seals personal data, under load", () => {
  let f: CentreFixture;
  const named = new Map<string, string>();

  beforeAll(async () => {
    f = await startTestCentre(
      { mediators: [{ mediatorId: "R1", centreCode: "JD01", categories: ["FAMILY"] }], supervisors: { JD01: "S-JD01" } },
      {},
      { serviceEnv: keysEnv },
    );
  }, 90_000);
  afterAll(async () => f?.stop());

  const submit = async (i: number) => {
    const name = `申请人-${i}-${randomBytes(3).toString("hex")}`;
    const request = aDispute();
    const parties = (request.parties ?? []).map((p, n) => (n === 0 ? { ...p, name } : p));
    const id = (await f.clients.submitDispute({ ...request, parties })).dispute?.disputeId ?? "";
    named.set(id, name);
    return id;
  };
  const restart = async (env: Record<string, string>) => {
    for (const service of ["intake", "mediation"] as const) {
      Object.assign(keysEnv[service], env);
      await f.centre.kill(service);
      await f.centre.restart(service);
    }
  };
  const dataKeys = async (service: "intake" | "mediation") => {
    const store = SqliteStore.open(join(f.dataDir.path, service, `${service}.sqlite`), [DATA_KEYS]);
    try {
      return await store.collection(DATA_KEYS).find({});
    } finally {
      await store.close();
    }
  };

  it("opens every record afterwards with the new key alone, and seals new ones with it", async () => {
    const before: string[] = [];
    for (let i = 0; i < 40; i++) before.push(await submit(i));
    // A mediation agreement whose obligor names a person, and a withdrawal with its reason, sealed with k1.
    const offers: Array<{ offerId: string; disputeId: string; caseId: string }> = [];
    const stop = f.clients.watchAssignments("R1", (o) => offers.push(o));
    const offer = await waitFor(() => offers.find((o) => o.disputeId === before[0]), { timeoutMs: 20_000 });
    stop();
    await f.clients.acceptOffer("R1", offer.offerId);
    const obligation = { obligor: "钱小红", terms: "归还两万元", manner: "转账", dueBy: new Date("2027-01-31T00:00:00Z") };
    await f.clients.closeCase({
      mediatorId: "R1",
      caseId: offer.caseId,
      outcome: common.Outcome.OUTCOME_AGREEMENT,
      obligations: [obligation],
    });
    await f.clients.withdrawDispute(before[1] as string, common.WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "孙七调停后和解", "JD01");
    expect(new Set((await dataKeys("intake")).map((k) => k.kekId))).toEqual(new Set(["k1"]));
    // Mediation's: the agreement's case, and the withdrawn one's (closing schedules its erasure, which needs a key).
    // Mediation closes the withdrawn case when its consumer gets dispute.withdrawn: wait for it.
    const mediationKeys = await waitFor(
      async () => {
        const keys = await dataKeys("mediation");
        return keys.length >= 2 ? keys : undefined;
      },
      { timeoutMs: 20_000, what: "mediation closing the withdrawn case" },
    );
    expect(mediationKeys.map((k) => k.kekId)).toEqual(["k1", "k1"]);

    await restart(rotated);
    let submitting = true;
    const during: string[] = [];
    const load = (async () => {
      for (let i = 0; submitting; i++) during.push(await submit(1000 + i));
    })();
    const runs = [];
    for (const service of ["intake", "mediation"]) {
      runs.push(await runCli(["keys", "reseal", "--service", service, "--json"], { ...rotated, DATA_DIR: join(f.dataDir.path, service) }));
    }
    submitting = false;
    await load;

    const [intakeRun, mediationRun] = runs;
    expect(intakeRun?.code, intakeRun?.stderr).toBe(0);
    expect(JSON.parse(intakeRun?.stdout ?? "")).toMatchObject({ moved: 40, total: 40, unknown: 0, newestId: "k2" });
    expect(intakeRun?.stderr).toContain("40/40 data keys moved");
    expect(JSON.parse(mediationRun?.stdout ?? "")).toMatchObject({ moved: 2, total: 2, unknown: 0 });
    expect(during.length).toBeGreaterThan(0);
    const intakeKeys = await dataKeys("intake");
    expect(intakeKeys.filter((k) => k.kekId !== "k2")).toEqual([]);
    expect(intakeKeys.length).toBe(40 + during.length);

    // k1 is gone from the configuration: everything must open with k2 alone.
    await restart({ PII_OLD_KEYS: "" });
    const after = await submit(9999);
    for (const [id, name] of named) {
      const read = await f.clients.getDispute(id);
      expect(read.dispute?.parties[0]?.name, id).toBe(name);
    }
    const withdrawn = await f.clients.getDispute(before[1] as string);
    expect(withdrawn.timeline.find((e) => e.kind === intake.TimelineKind.TIMELINE_KIND_WITHDRAWN)?.note).toBe("孙七调停后和解");
    const cases = await f.clients.listMyCases("R1");
    expect(cases.cases.find((c) => c.caseId === offer.caseId)?.obligations[0]?.obligor).toBe("钱小红");
    expect((await dataKeys("intake")).find((k) => k.id === after)?.kekId).toBe("k2");
  }, 180_000);
});
