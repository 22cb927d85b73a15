// RecordGuidance on the real embedded store: a terminal channel ends with the centre's guidance, once,
// with its event in the outbox; anything else is refused and nothing is written.
import { join } from "node:path";
import { AUDIT_ENTRIES, AuditTrail, serviceActor } from "@mediation/audit";
import { OUTBOX } from "@mediation/bus/outbox";
import { loadConfig, retentionSchema } from "@mediation/config";
import {
  type ChannelCode,
  channelCodec,
  common,
  eventFromStored,
  FailedPrecondition,
  InvalidArgument,
  NotFound,
  newEvent,
} from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { Envelope, KeyRing, sealingStore } from "@mediation/store/sealing";
import { tempDir } from "@mediation/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { changeBy } from "../src/adapters/audit-change.js";
import { stepOf } from "../src/adapters/nats/steps.js";
import { DisputeRecords } from "../src/adapters/store/dispute-records.js";
import { intakeSealing } from "../src/adapters/store/sealing-rules.js";
import { INTAKE_COLLECTIONS, PROGRESS } from "../src/application/collections.js";
import { getDispute } from "../src/application/find-disputes.js";
import { recordGuidance } from "../src/application/record-guidance.js";
import { submitDispute } from "../src/application/submit-dispute.js";
import { recordStep } from "../src/application/timeline.js";
import { withdrawDispute } from "../src/application/withdraw-dispute.js";
import { validateSubmission } from "../src/domain/dispute.js";

const dir = tempDir("intake-guidance-");
const disputes = new DisputeRecords("secret-secret-secret");
// Sealed as intake seals it: the guidance note under the dispute's data key.
const raw = SqliteStore.open(join(dir.path, "intake.sqlite"), INTAKE_COLLECTIONS);
const store = sealingStore(
  raw,
  new Envelope(new KeyRing([{ id: "k1", key: Buffer.alloc(32, 1) }])),
  intakeSealing(loadConfig(retentionSchema, {}).RETENTION_PERIOD),
);
let stored = 0;
/** A clock that moves a second on each reading: steps follow one another. */
let clock = Date.now();
const tick = () => {
  clock += 1_000;
  return new Date(clock);
};
const deps = {
  store,
  disputes,
  partyKeySecret: "secret-secret-secret",
  eventsStored: () => void stored++,
  now: () => tick(),
};
const audited = changeBy(new AuditTrail("intake"), serviceActor("test"));
afterAll(async () => {
  await store.close();
  dir.remove();
});

let n = 0;
async function submitted(): Promise<string> {
  const submission = validateSubmission({
    requestId: `r-${++n}`,
    centreCode: "JD01",
    category: "LABOUR_WAGES",
    claimAmountFen: 100_00n,
    summary: "拖欠工资",
    parties: [
      { role: "CLAIMANT", kind: "PERSON", name: "王五", idNumber: "", phone: "" },
      { role: "RESPONDENT", kind: "ORGANISATION", name: "某公司", idNumber: "", phone: "" },
    ],
    preferredChannel: "",
    mustReport: false,
    preferredMediatorId: "",
  });
  return (await submitDispute(deps, submission, audited)).dispute.disputeId;
}

/** The read model takes a dispute.routed event as the consumer does. */
async function routed(disputeId: string, channel: ChannelCode, sequence = 1): Promise<void> {
  const event = newEvent(
    {
      $case: "disputeRouted",
      value: {
        disputeId,
        centreCode: "JD01",
        category: common.Category.CATEGORY_LABOUR_WAGES,
        channel: channelCodec.fromCode(channel),
        rule: "test",
        reason: "",
        reasonEn: "",
        mediationFirst: false,
        policyVersion: "1",
        routedAt: tick(),
        submittedAt: undefined,
        sequence,
        riskLevel: 0,
        alertId: "",
        preferredMediatorId: "",
        decidedBy: "",
      },
    },
    { correlationId: disputeId, causationId: "test" },
  );
  const found = stepOf(event);
  if (!found) throw new Error("no step");
  await recordStep(store, event, found.disputeId, found.step, found.started);
}

const pending = async () =>
  (await store.collection(OUTBOX).find()).map((r) => eventFromStored(r.event)).filter((e) => e.type === "dispute.guidance_recorded");
const request = (disputeId: string, institution = "杭州市上城区人民法院", note = "已告知当事人起诉材料") => ({
  disputeId,
  institution,
  note,
});

describe("recording guidance on a terminal channel", () => {
  it("closes the dispute with GUIDANCE_GIVEN, publishes dispute.guidance_recorded once, and answers a repeat with the first", async () => {
    const id = await submitted();
    await routed(id, "LABOUR_MEDIATION");
    await routed(id, "LABOUR_ARBITRATION", 2);
    const before = (await pending()).length;
    stored = 0;
    const first = await recordGuidance(deps, "JD01", "staff-jd01", request(id, "  上城区劳动人事争议仲裁委员会 "), audited);
    expect(first.progress).toMatchObject({ state: "CLOSED", outcome: "GUIDANCE_GIVEN", channel: "LABOUR_ARBITRATION" });
    expect(first.guidance).toMatchObject({
      kind: "GUIDANCE_RECORDED",
      personId: "staff-jd01",
      institution: "上城区劳动人事争议仲裁委员会",
    });
    const events = (await pending()).slice(before);
    expect(events).toHaveLength(1);
    const payload = events[0]?.payload;
    expect(payload?.$case === "guidanceRecorded" && payload.value).toMatchObject({
      disputeId: id,
      channel: common.Channel.CHANNEL_LABOUR_ARBITRATION,
      institution: "上城区劳动人事争议仲裁委员会",
      givenBy: "staff-jd01",
    });
    // The note stays in intake: not in the event, and sealed at rest.
    expect(JSON.stringify(events[0])).not.toContain("起诉材料");
    expect(JSON.stringify(await raw.collection(PROGRESS).get(id))).not.toContain("起诉材料");
    expect((await store.collection(PROGRESS).get(id))?.guidanceNote).toBe("已告知当事人起诉材料");
    expect(stored).toBe(1);

    const again = await recordGuidance(deps, "JD01", "someone-else", request(id, "另一个法院"), audited);
    expect(again.guidance).toEqual(first.guidance);
    expect(again.note).toBe("已告知当事人起诉材料");
    expect((await pending()).slice(before)).toHaveLength(1);
    expect(stored).toBe(1);
    // Audited once, in the change's transaction; the repeated call changed nothing.
    const entries = await store.collection(AUDIT_ENTRIES).find({ where: { recordId: id } });
    expect(entries.filter((e) => e.action === "dispute.record_guidance").map((e) => e.detail)).toEqual([
      "LABOUR_ARBITRATION: 上城区劳动人事争议仲裁委员会",
    ]);

    // The event coming back from the bus adds nothing more to the timeline.
    const event = events[0];
    if (!event) throw new Error("no event");
    const step = stepOf(event);
    if (!step) throw new Error("no step");
    await recordStep(store, event, step.disputeId, step.step);
    const { progress } = await getDispute(store, disputes, id);
    expect(progress?.steps.filter((s) => s.kind === "GUIDANCE_RECORDED")).toHaveLength(1);

    await expect(withdrawDispute(deps, "JD01", { disputeId: id, withdrawnBy: "CLAIMANT", reason: "和解" }, audited)).rejects.toThrow(
      FailedPrecondition,
    );
  });

  it("is refused unless the dispute's current channel is terminal, after withdrawal, and for another centre", async () => {
    const id = await submitted();
    await expect(recordGuidance(deps, "JD01", "s", request(id), audited)).rejects.toThrow(FailedPrecondition);
    await routed(id, "LABOUR_MEDIATION");
    await expect(recordGuidance(deps, "JD01", "s", request(id), audited)).rejects.toThrow(/LITIGATION_GUIDANCE or LABOUR_ARBITRATION/);
    await routed(id, "LITIGATION_GUIDANCE", 2);
    await expect(recordGuidance(deps, "JD02", "s", request(id), audited)).rejects.toThrow(NotFound);
    const withdrawn = await submitted();
    await routed(withdrawn, "LITIGATION_GUIDANCE");
    await withdrawDispute(deps, "JD01", { disputeId: withdrawn, withdrawnBy: "CLAIMANT", reason: "撤回" }, audited);
    await expect(recordGuidance(deps, "JD01", "s", request(withdrawn), audited)).rejects.toThrow(FailedPrecondition);
    expect(await pending()).toHaveLength(1);
    // An administrator may record it for the centre.
    expect((await recordGuidance(deps, "", "admin-1", request(id), audited)).progress.outcome).toBe("GUIDANCE_GIVEN");
  });

  it("names each bad field and writes nothing", async () => {
    const id = await submitted();
    await routed(id, "LITIGATION_GUIDANCE");
    const error = await recordGuidance(
      deps,
      "JD01",
      "s",
      {
        disputeId: id,
        institution: `法院\u0007${"院".repeat(100)}`,
        note: "a\u0000",
      },
      audited,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidArgument);
    expect((error as InvalidArgument).violations.map((v) => v.field).sort()).toEqual(["institution", "institution", "note"]);
    expect(
      (await recordGuidance(deps, "JD01", "s", { disputeId: id, institution: "  ", note: "" }, audited).catch((e) => e)).message,
    ).toMatch(/institution.*required/);
    expect((await getDispute(store, disputes, id)).progress?.state).toBe("ROUTED");
  });
});
