// docs/architecture.md#security: parties' data is encrypted at rest. Checked on the real embedded store's file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AuditTrail, serviceActor } from "@mediation/audit";
import { SqliteStore } from "@mediation/store";
import { tempDir } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { DisputeRecords } from "../src/adapters/store/dispute-records.js";
import { PiiCipher } from "../src/adapters/store/pii-cipher.js";
import { DISPUTES, INTAKE_COLLECTIONS } from "../src/application/collections.js";
import { getDispute } from "../src/application/find-disputes.js";
import { submitDispute } from "../src/application/submit-dispute.js";
import { validateSubmission } from "../src/domain/dispute.js";

const key = Buffer.alloc(32, 1);
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

describe("parties' data at rest", () => {
  const dir = tempDir("intake-pii-");
  it("is sealed in the database file, and read back whole", async () => {
    const store = SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
    const disputes = new DisputeRecords(new PiiCipher(key, "k1"));
    const { dispute } = await submitDispute(
      { store, disputes, partyKeySecret: "secret-secret-secret", eventsStored: () => undefined },
      submission,
      (tx, { action, dispute }) =>
        new AuditTrail("intake").record(tx, serviceActor("test"), {
          action,
          recordKind: "dispute",
          recordId: dispute.disputeId,
          centreCode: "JD01",
        }),
    );
    expect((await getDispute(store, disputes, dispute.disputeId)).dispute.parties[0]?.name).toBe("张三丰");
    await store.close();

    const files = readdirSync(dir.path).map((f) => readFileSync(join(dir.path, f)));
    const bytes = Buffer.concat(files);
    for (const secret of ["张三丰", "李四光", "11010519491231002X", "13800138000", "遗产继承"]) {
      expect(bytes.includes(Buffer.from(secret, "utf8")), secret).toBe(false);
    }
    expect(bytes.includes(Buffer.from("JD01"))).toBe(true);

    const reopened = SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
    const wrongKey = new DisputeRecords(new PiiCipher(Buffer.alloc(32, 2), "k1"));
    await expect(getDispute(reopened, wrongKey, dispute.disputeId)).rejects.toThrow();
    await reopened.close();
    dir.remove();
  });

  it("still reads a dispute stored before sealing (schema 1)", async () => {
    const legacyDir = tempDir("intake-legacy-");
    const store = SqliteStore.open(join(legacyDir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
    const { parties, summary, ...rest } = {
      ...submission,
      disputeId: "d-old",
      caseNumber: "JD01-202610-0001",
      state: "SUBMITTED" as const,
      submittedAt: "2026-10-01T00:00:00Z",
    };
    await store.collection(DISPUTES).put("d-old", { ...rest, parties, summary }, 0);
    const read = await getDispute(store, new DisputeRecords(new PiiCipher(key, "k1")), "d-old");
    expect(read.dispute.parties[0]?.name).toBe("张三丰");
    await store.close();
    legacyDir.remove();
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => new PiiCipher(Buffer.alloc(16), "k1")).toThrow(/32 bytes/);
  });
});
