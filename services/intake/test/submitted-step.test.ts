// The progress consumer and a dispute's own dispute.submitted event, on the real embedded store: the submission
// stored the progress in its own transaction, so the event coming back writes nothing (not even an inbox row);
// a dispute whose progress is missing (submitted before the read model existed) gets it from the event, once.
import { join } from "node:path";
import { AuditTrail, serviceActor } from "@mediation/audit";
import { INBOX, OUTBOX } from "@mediation/bus/outbox";
import { loadConfig, retentionSchema } from "@mediation/config";
import { eventFromStored } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { Envelope, KeyRing, sealingStore } from "@mediation/store/sealing";
import { tempDir } from "@mediation/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { changeBy } from "../src/adapters/audit-change.js";
import { stepOf } from "../src/adapters/nats/steps.js";
import { DisputeRecords } from "../src/adapters/store/dispute-records.js";
import { intakeSealing } from "../src/adapters/store/sealing-rules.js";
import { INTAKE_COLLECTIONS, PROGRESS } from "../src/application/collections.js";
import { submitDispute } from "../src/application/submit-dispute.js";
import { recordStep } from "../src/application/timeline.js";
import { validateSubmission } from "../src/domain/dispute.js";

const dir = tempDir("intake-submitted-step-");
const raw = SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
const store = sealingStore(
  raw,
  new Envelope(new KeyRing([{ id: "k1", key: Buffer.alloc(32, 1) }])),
  intakeSealing(loadConfig(retentionSchema, {}).RETENTION_PERIOD),
);
const deps = {
  store,
  disputes: new DisputeRecords("secret-secret-secret"),
  partyKeySecret: "secret-secret-secret",
  eventsStored: () => {},
};
const audited = changeBy(new AuditTrail("intake"), serviceActor("test"));
afterAll(async () => {
  await store.close();
  dir.remove();
});

let n = 0;
/** Submits a dispute; answers its id and its dispute.submitted event as the consumer receives it. */
async function submitted() {
  const submission = validateSubmission({
    requestId: `r-${++n}`,
    centreCode: "JD01",
    category: "FAMILY",
    claimAmountFen: 0n,
    summary: "赡养纠纷",
    parties: [
      { role: "CLAIMANT", kind: "PERSON", name: "赵一", idNumber: "", phone: "" },
      { role: "RESPONDENT", kind: "PERSON", name: `钱二${n}`, idNumber: "", phone: "" },
    ],
    preferredChannel: "",
    mustReport: false,
    preferredMediatorId: "",
  });
  const { dispute } = await submitDispute(deps, submission, audited);
  const event = (await store.collection(OUTBOX).find())
    .map((r) => eventFromStored(r.event))
    .find((e) => e.payload?.$case === "disputeSubmitted" && e.payload.value.disputeId === dispute.disputeId);
  if (!event) throw new Error("no dispute.submitted in the outbox");
  return { disputeId: dispute.disputeId, event };
}

async function deliver(event: ReturnType<typeof eventFromStored>): Promise<boolean> {
  const found = stepOf(event);
  if (!found) throw new Error("no step");
  return recordStep(store, event, found.disputeId, found.step, found.started);
}

describe("the progress consumer and dispute.submitted", () => {
  it("writes nothing for a dispute's own submitted event: its progress came with the submission", async () => {
    const { disputeId, event } = await submitted();
    const before = await store.collection(PROGRESS).get(disputeId);
    const inbox = await store.collection(INBOX).count();
    expect(await deliver(event)).toBe(false);
    expect(await deliver(event)).toBe(false);
    expect(await store.collection(INBOX).count()).toBe(inbox);
    expect(await store.collection(PROGRESS).get(disputeId)).toEqual(before);
  });

  it("starts the progress of a dispute that has none from its submitted event, once", async () => {
    const { disputeId, event } = await submitted();
    const original = await store.collection(PROGRESS).get(disputeId);
    await raw.collection(PROGRESS).delete(disputeId, original?.version ?? 0);
    const inbox = await store.collection(INBOX).count();
    expect(await deliver(event)).toBe(true);
    expect(await deliver(event)).toBe(false);
    expect(await store.collection(INBOX).count()).toBe(inbox + 1);
    const progress = await store.collection(PROGRESS).get(disputeId);
    expect(progress?.steps.map((s) => `${s.kind}:${s.eventId}`)).toEqual([`SUBMITTED:${event.id}`]);
    expect(progress?.caseNumber).toBe(original?.caseNumber);
  });
});
