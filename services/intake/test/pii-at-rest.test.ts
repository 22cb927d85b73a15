// docs/architecture.md#sealed-personal-data: parties' data, summaries and reasons are encrypted at rest under each
// dispute's data key. Checked on the real embedded store's file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AuditTrail, serviceActor } from "@mediation/audit";
import { loadConfig, retentionSchema } from "@mediation/config";
import { SqliteStore } from "@mediation/store";
import { DATA_KEYS, Envelope, encryptWith, KeyRing, sealingStore } from "@mediation/store/sealing";
import { tempDir } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { changeBy } from "../src/adapters/audit-change.js";
import { DisputeRecords } from "../src/adapters/store/dispute-records.js";
import { intakeSealing } from "../src/adapters/store/sealing-rules.js";
import { DISPUTES, INTAKE_COLLECTIONS, PROGRESS } from "../src/application/collections.js";
import { getDispute } from "../src/application/find-disputes.js";
import { submitDispute } from "../src/application/submit-dispute.js";
import { upgradeSealing } from "../src/application/upgrade-sealing.js";
import { withdrawDispute } from "../src/application/withdraw-dispute.js";
import { validateSubmission } from "../src/domain/dispute.js";

const key = Buffer.alloc(32, 1);
const { RETENTION_PERIOD } = loadConfig(retentionSchema, {});
const secret = "secret-secret-secret";
const submission = validateSubmission({
  requestId: "r-1",
  centreCode: "JD01",
  category: "FAMILY",
  claimAmountFen: 0n,
  summary: "遗产继承纠纷 inheritance of a flat",
  parties: [
    { role: "CLAIMANT", kind: "PERSON", name: "张三丰", idNumber: "11010519491231002X", phone: "13800138000" },
    { role: "RESPONDENT", kind: "PERSON", name: "李四光", idNumber: "", phone: "" },
  ],
  preferredChannel: "",
  mustReport: false,
  preferredMediatorId: "",
});
const sealed = (raw: SqliteStore, ring = new KeyRing([{ id: "k1", key }])) =>
  sealingStore(raw, new Envelope(ring), intakeSealing(RETENTION_PERIOD));

const audited = changeBy(new AuditTrail("intake"), serviceActor("test"));

describe("parties' data at rest", () => {
  it("is sealed in the database file with the withdrawal reason, and read back whole", async () => {
    const dir = tempDir("intake-pii-");
    const raw = SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
    const store = sealed(raw);
    const disputes = new DisputeRecords(secret);
    const deps = { store, disputes, partyKeySecret: secret, eventsStored: () => undefined };
    const { dispute } = await submitDispute(deps, submission, audited);
    await withdrawDispute(deps, "JD01", { disputeId: dispute.disputeId, withdrawnBy: "CLAIMANT", reason: "王五劝和，双方和解" }, audited);
    const read = await getDispute(store, disputes, dispute.disputeId);
    expect(read.dispute.parties[0]?.name).toBe("张三丰");
    expect(read.progress?.withdrawalReason).toBe("王五劝和，双方和解");
    expect((await raw.collection(DATA_KEYS).get(dispute.disputeId))?.kekId).toBe("k1");
    await raw.close();

    const bytes = Buffer.concat(readdirSync(dir.path).map((f) => readFileSync(join(dir.path, f))));
    for (const secretText of ["张三丰", "李四光", "11010519491231002X", "13800138000", "遗产继承", "王五劝和"]) {
      expect(bytes.includes(Buffer.from(secretText, "utf8")), secretText).toBe(false);
    }
    expect(bytes.includes(Buffer.from("JD01"))).toBe(true);

    const reopened = SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
    const wrongKey = sealed(reopened, new KeyRing([{ id: "k1", key: Buffer.alloc(32, 2) }]));
    await expect(getDispute(wrongKey, disputes, dispute.disputeId)).rejects.toThrow();
    await expect(getDispute(sealed(reopened, new KeyRing([{ id: "k2", key }])), disputes, dispute.disputeId)).rejects.toThrow(
      /sealed with key "k1", which is not configured/,
    );
    await reopened.close();
    dir.remove();
  });

  it("still reads a dispute stored before sealing (schema 1) and one sealed before data keys, and seals them anew", async () => {
    const legacyDir = tempDir("intake-legacy-");
    const raw = SqliteStore.open(join(legacyDir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
    const { parties, summary, ...rest } = {
      ...submission,
      disputeId: "d-old",
      caseNumber: "JD01-202610-0001",
      submittedAt: "2026-10-01T00:00:00Z",
    };
    await raw.collection(DISPUTES).put("d-old", { ...rest, parties, summary }, 0);
    const box = (value: unknown) => `k1:${encryptWith(key, Buffer.from(JSON.stringify(value)))}`;
    await raw.collection(DISPUTES).put("d-k1", { ...rest, disputeId: "d-k1", sealed: box({ parties, summary }) } as never, 0);
    const progress = {
      disputeId: "d-k1",
      centreCode: "JD01",
      caseNumber: "X",
      category: "FAMILY",
      month: "2026-10",
      state: "WITHDRAWN",
      channel: "",
      outcome: "",
      steps: [],
    };
    await raw.collection(PROGRESS).put("d-k1", { ...progress, withdrawalReason: box("旧的理由") } as never, 0);
    const store = sealed(
      raw,
      new KeyRing([
        { id: "k2", key: Buffer.alloc(32, 3) },
        { id: "k1", key },
      ]),
    );
    const disputes = new DisputeRecords(secret);
    expect((await getDispute(store, disputes, "d-old")).dispute.parties[0]?.name).toBe("张三丰");
    const sealedBefore = await getDispute(store, disputes, "d-k1");
    expect(sealedBefore.dispute.summary).toBe(submission.summary);
    expect(sealedBefore.progress?.withdrawalReason).toBe("旧的理由");

    // At start intake seals them anew under data keys; then they open without k1, and a second run finds nothing.
    expect(await upgradeSealing(raw, store)).toBe(3);
    expect(await upgradeSealing(raw, store)).toBe(0);
    const withoutK1 = sealed(raw, new KeyRing([{ id: "k2", key: Buffer.alloc(32, 3) }]));
    expect((await getDispute(withoutK1, disputes, "d-old")).dispute.parties[0]?.name).toBe("张三丰");
    expect((await getDispute(withoutK1, disputes, "d-k1")).progress?.withdrawalReason).toBe("旧的理由");
    expect(JSON.stringify(await raw.collection(DISPUTES).get("d-old"))).not.toContain("张三丰");
    // The finished pass is recorded: later starts do not scan the history again (a record planted in the old form
    // afterwards, which this version never writes, is not even looked at).
    await raw.collection(DISPUTES).put("d-late", { ...rest, disputeId: "d-late", parties, summary }, 0);
    expect(await upgradeSealing(raw, store)).toBe(0);
    expect(JSON.stringify(await raw.collection(DISPUTES).get("d-late"))).toContain("张三丰");
    await raw.close();
    legacyDir.remove();
  });
});
