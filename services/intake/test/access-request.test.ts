// A resident's access request on the real embedded store: the blind index finds exactly the disputes naming the
// person, by ID number or by name, and none naming only someone else.
import { join } from "node:path";
import { AuditTrail, serviceActor } from "@mediation/audit";
import { loadConfig, retentionSchema } from "@mediation/config";
import { SqliteStore } from "@mediation/store";
import { Envelope, KeyRing, sealingStore } from "@mediation/store/sealing";
import { tempDir } from "@mediation/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { changeBy } from "../src/adapters/audit-change.js";
import { DisputeRecords } from "../src/adapters/store/dispute-records.js";
import { intakeSealing } from "../src/adapters/store/sealing-rules.js";
import { findPersonalData } from "../src/application/access-request.js";
import { INTAKE_COLLECTIONS } from "../src/application/collections.js";
import { submitDispute } from "../src/application/submit-dispute.js";
import { type Party, validateSubmission } from "../src/domain/dispute.js";

const SECRET = "secret-secret-secret";
const dir = tempDir("intake-access-");
const store = sealingStore(
  SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS),
  new Envelope(new KeyRing([{ id: "k1", key: Buffer.alloc(32, 1) }])),
  intakeSealing(loadConfig(retentionSchema, {}).RETENTION_PERIOD),
);
const disputes = new DisputeRecords(SECRET);
const audited = changeBy(new AuditTrail("intake"), serviceActor("test"));
afterAll(async () => {
  await store.close();
  dir.remove();
});

const person = (name: string, idNumber = ""): Omit<Party, "role"> => ({ kind: "PERSON", name, idNumber, phone: "" });
let n = 0;
async function between(claimant: Omit<Party, "role">, respondent: Omit<Party, "role">): Promise<string> {
  const submission = validateSubmission({
    requestId: `r-${++n}`,
    centreCode: "JD01",
    category: "NEIGHBOUR",
    claimAmountFen: 0n,
    summary: "邻里纠纷",
    parties: [
      { role: "CLAIMANT", ...claimant },
      { role: "RESPONDENT", ...respondent },
    ],
    preferredChannel: "",
    mustReport: false,
    preferredMediatorId: "",
  });
  const deps = { store, disputes, partyKeySecret: SECRET, eventsStored: () => {} };
  return (await submitDispute(deps, submission, audited)).dispute.disputeId;
}

describe("an access request through the blind index", () => {
  it("finds exactly the disputes naming the person, by ID number or by name", async () => {
    const zhao = person("赵一", "110101199001011234");
    const qian = person("钱二");
    const first = await between(zhao, person("孙三"));
    const second = await between(qian, person("李四"));
    const both = await between(person("赵一"), qian);
    const found = async (query: { idNumber: string; name: string }) =>
      (await findPersonalData(store, disputes, SECRET, "", query)).map((h) => h.dispute.disputeId).sort();
    expect(await found({ idNumber: "110101199001011234", name: "" })).toEqual([first]);
    expect(await found({ idNumber: "", name: "赵一" })).toEqual([first, both].sort());
    expect(await found({ idNumber: "", name: "钱二" })).toEqual([second, both].sort());
    expect(await found({ idNumber: "", name: "周五" })).toEqual([]);
  });
});
