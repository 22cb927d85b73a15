// The supervisor's work queue with the real services: a TRIAGE dispute decided by its centre's
// supervisor and offered in the chosen channel; a DISTRICT_ESCALATION dispute acknowledged, then
// decided; a risk alert acknowledged by the district; a case nobody could take listed until it is
// assigned; another centre's supervisor gets NOT_FOUND; a withdrawn dispute leaves the queue.
// Real NATS, Redis, gRPC and stores.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { developmentSigner, REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { common, routing } from "@mediation/contracts";
import { isServiceError, signToken, status, type TokenClaims } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";
import { scrape } from "../support/metrics.js";

const { Category, Channel, WithdrawnBy } = common;
const { WorkItemKind } = routing;

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return status.OK;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return error.code;
  }
};

describe("the supervisor's work queue", () => {
  let f: CentreFixture;
  const offers: Array<{ disputeId: string; caseId: string; mediatorId: string }> = [];
  const stops: Array<() => void> = [];
  const speakers: Array<{ close(): void }> = [];
  const as = (claims: TokenClaims) => {
    const clients = f.clients.as(developmentSigner(f.centre.authSecret, { as: claims }));
    speakers.push(clients);
    return clients;
  };

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [
        { mediatorId: "OTHER1", centreCode: "JD01", categories: ["OTHER"] },
        { mediatorId: "ADM1", centreCode: "DISTRICT", channels: ["ADMINISTRATIVE_MEDIATION"], categories: ["DEMOLITION_RESETTLEMENT"] },
        { mediatorId: "F1", centreCode: "JD01", categories: ["FAMILY"], status: "AWAY" },
      ],
      supervisors: { JD01: "sup-jd01" },
    });
    for (const id of ["OTHER1", "ADM1", "F1"]) stops.push(f.clients.watchAssignments(id, (o) => offers.push({ ...o, mediatorId: id })));
  }, 90_000);

  afterAll(async () => {
    for (const stop of stops) stop();
    for (const s of speakers) s.close();
    await f?.stop();
  });

  const jd01 = () => as({ subject: "sup-jd01", role: "supervisor", centreCode: "JD01" });
  const jd02 = () => as({ subject: "sup-jd02", role: "supervisor", centreCode: "JD02" });
  const district = () => as({ subject: "district-officer", role: "admin" });
  const submit = async (overrides: Parameters<typeof aDispute>[0]) =>
    (await f.clients.submitDispute(aDispute({ centreCode: "JD01", ...overrides }))).dispute?.disputeId ?? "";
  const queued = (disputeId: string, kind: routing.WorkItemKind) =>
    waitFor(async () => (await f.clients.listWorkQueue({ kinds: [kind] })).items.find((i) => i.disputeId === disputeId), {
      what: `${routing.workItemKindToJSON(kind)} of ${disputeId} in the queue`,
      timeoutMs: 20_000,
    });
  const gone = (disputeId: string) =>
    waitFor(async () => ((await f.clients.listWorkQueue({})).items.some((i) => i.disputeId === disputeId) ? undefined : true), {
      what: `${disputeId} out of the queue`,
      timeoutMs: 20_000,
    });
  const routedEvents = async (disputeId: string) =>
    (await f.events("disputeRouted")).flatMap((e) =>
      e.payload?.$case === "disputeRouted" && e.payload.value.disputeId === disputeId ? [e.payload.value] : [],
    );

  it("lists a TRIAGE dispute in its centre's queue; its supervisor chooses the channel and a mediator of that channel is offered it", async () => {
    const id = await submit({ category: Category.CATEGORY_OTHER });
    const item = await queued(id, WorkItemKind.WORK_ITEM_KIND_TRIAGE);
    expect(item).toMatchObject({ centreCode: "JD01", category: Category.CATEGORY_OTHER });
    expect((await jd01().listWorkQueue({})).items.map((i) => i.disputeId)).toContain(id);
    expect((await jd02().listWorkQueue({})).items.map((i) => i.disputeId)).not.toContain(id);
    const reason = "邻里之间的共有物纠纷，适合人民调解";
    expect(await codeOf(jd02().decideChannel(id, Channel.CHANNEL_PEOPLES_MEDIATION, reason))).toBe(status.NOT_FOUND);
    expect(await codeOf(jd01().decideChannel(id, Channel.CHANNEL_TRIAGE, reason))).toBe(status.INVALID_ARGUMENT);
    const decided = await jd01().decideChannel(id, Channel.CHANNEL_PEOPLES_MEDIATION, reason);
    expect(decided).toMatchObject({ channel: Channel.CHANNEL_PEOPLES_MEDIATION, rule: "manual", decidedBy: "sup-jd01" });
    const offer = await waitFor(() => offers.find((o) => o.disputeId === id), { what: `the offer of ${id}`, timeoutMs: 20_000 });
    expect(offer.mediatorId).toBe("OTHER1");
    expect((await routedEvents(id)).map((r) => [r.sequence, r.rule, r.decidedBy])).toEqual([
      [1, "triage.default", ""],
      [2, "manual", "sup-jd01"],
    ]);
    await gone(id);
    expect(await codeOf(jd01().decideChannel(id, Channel.CHANNEL_LAWYER_MEDIATION, reason))).toBe(status.FAILED_PRECONDITION);
  });

  it("has a DISTRICT_ESCALATION dispute acknowledged (with its time to acknowledge), then decided", async () => {
    const id = await submit({ category: Category.CATEGORY_DEMOLITION_RESETTLEMENT });
    await queued(id, WorkItemKind.WORK_ITEM_KIND_ESCALATION);
    expect(await codeOf(jd01().decideChannel(id, Channel.CHANNEL_ADMINISTRATIVE_MEDIATION, "先决定"))).toBe(status.FAILED_PRECONDITION);
    expect(await codeOf(jd02().acknowledgeEscalation(id, "不是我的"))).toBe(status.NOT_FOUND);
    expect(await codeOf(jd01().acknowledgeEscalation(id, ""))).toBe(status.INVALID_ARGUMENT);
    await new Promise((r) => setTimeout(r, 1_100));
    const ack = await jd01().acknowledgeEscalation(id, "今天联系街道征收办");
    expect(ack.acknowledgedBy).toBe("sup-jd01");
    expect(ack.secondsToAcknowledge).toBeGreaterThan(0n);
    expect(await jd01().acknowledgeEscalation(id, "再说一次")).toEqual(ack);
    const item = await queued(id, WorkItemKind.WORK_ITEM_KIND_ESCALATION_DECISION);
    expect(item).toMatchObject({ acknowledgedBy: "sup-jd01", note: "今天联系街道征收办" });
    const acknowledged = await waitFor(async () => (await f.events("escalationAcknowledged")).find((e) => e.correlationId === id));
    expect(acknowledged.payload?.value).toMatchObject({ disputeId: id, acknowledgedBy: "sup-jd01" });
    const decided = await district().decideChannel(id, Channel.CHANNEL_ADMINISTRATIVE_MEDIATION, "征收方为行政机关");
    expect(decided.decidedBy).toBe("district-officer");
    const offer = await waitFor(() => offers.find((o) => o.disputeId === id), { what: `the offer of ${id}`, timeoutMs: 20_000 });
    expect(offer.mediatorId).toBe("ADM1");
    await gone(id);
  });

  it("has a risk alert acknowledged by the district; a centre's supervisor sees it but may not acknowledge it", async () => {
    const id = await submit({ category: Category.CATEGORY_FAMILY, mustReport: true });
    const alert = await queued(id, WorkItemKind.WORK_ITEM_KIND_RISK_ALERT);
    expect(alert.riskLevel).toBe(common.RiskLevel.RISK_LEVEL_RED);
    expect(await codeOf(jd01().acknowledgeRiskAlert(alert.alertId, "已看到"))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(jd02().acknowledgeRiskAlert(alert.alertId, "已看到"))).toBe(status.NOT_FOUND);
    const ack = await district().acknowledgeRiskAlert(alert.alertId, "已报告公安机关");
    expect(ack.acknowledgedBy).toBe("district-officer");
    const event = await waitFor(async () => (await f.events("riskAlertAcknowledged")).find((e) => e.correlationId === id));
    expect(event.payload?.value).toMatchObject({ alertId: alert.alertId, acknowledgedBy: "district-officer" });
    expect((await f.clients.listWorkQueue({ kinds: [WorkItemKind.WORK_ITEM_KIND_RISK_ALERT] })).items.map((i) => i.alertId)).not.toContain(
      alert.alertId,
    );
  });

  it("lists a case nobody could take as AWAITING_MEDIATOR until a supervisor assigns it", async () => {
    const id = await submit({ category: Category.CATEGORY_FAMILY });
    const item = await queued(id, WorkItemKind.WORK_ITEM_KIND_AWAITING_MEDIATOR);
    expect(item).toMatchObject({ channel: Channel.CHANNEL_PEOPLES_MEDIATION, centreCode: "JD01" });
    expect(await codeOf(jd02().assignCase(item.caseId, "F1"))).toBe(status.PERMISSION_DENIED);
    await jd01().assignCase(item.caseId, "F1");
    await gone(id);
  });

  it("takes a withdrawn dispute out of the queue", async () => {
    const id = await submit({ category: Category.CATEGORY_OTHER });
    await queued(id, WorkItemKind.WORK_ITEM_KIND_TRIAGE);
    await f.clients.withdrawDispute(id, WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "双方已自行和解", "JD01");
    await gone(id);
    expect(await codeOf(jd01().decideChannel(id, Channel.CHANNEL_PEOPLES_MEDIATION, "太晚了"))).toBe(status.FAILED_PRECONDITION);
  });

  it("counts what waits, by kind, on routing's /metrics, as the queue lists it", async () => {
    await queued(await submit({ category: Category.CATEGORY_OTHER }), WorkItemKind.WORK_ITEM_KIND_TRIAGE);
    const listed = (await f.clients.listWorkQueue({ pageSize: 500 })).items;
    const samples = (await scrape(f, "routing")).filter((x) => x.name === "mediation_work_queue_waiting");
    for (const kind of ["TRIAGE", "ESCALATION", "ESCALATION_DECISION", "RISK_ALERT", "AWAITING_MEDIATOR"]) {
      const count = listed.filter((i) => routing.workItemKindToJSON(i.kind) === `WORK_ITEM_KIND_${kind}`).length;
      expect(samples.find((x) => x.labels.kind === kind)?.value, kind).toBe(count);
    }
    expect(samples.find((x) => x.labels.kind === "TRIAGE")?.value).toBeGreaterThan(0);
  });

  it("lists and decides from the command line", { timeout: 120_000 }, async () => {
    const id = await submit({ category: Category.CATEGORY_OTHER });
    await queued(id, WorkItemKind.WORK_ITEM_KIND_TRIAGE);
    const cli = async (args: string[]) => {
      const claims: TokenClaims = { subject: "sup-jd01", role: "supervisor", centreCode: "JD01" };
      const audience = (["intake", "routing", "mediation", "statistics"] as const).map(serviceAudience);
      const env: Record<string, string | undefined> = {
        ...process.env,
        MEDIATION_TOKEN: await signToken(claims, { secret: f.centre.authSecret, issuer: "mediation-centre", audience }, "10m"),
      };
      for (const [service, address] of Object.entries(f.centre.addresses)) env[`MEDIATION_${service.toUpperCase()}_ADDR`] = address;
      const main = join(REPO_ROOT, "packages", "cli", "src", "main.ts");
      const child = spawn(process.execPath, ["--conditions=@mediation/source", "--import", "tsx", main, ...args], { cwd: REPO_ROOT, env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const code = await new Promise((resolve) => child.once("close", resolve));
      expect(stderr).not.toMatch(/^mediation:/m);
      expect(code).toBe(0);
      return JSON.parse(stdout);
    };
    const listed = await cli(["queue", "list", "--kind", "TRIAGE", "--json"]);
    expect(listed.items.map((i: { disputeId: string }) => i.disputeId)).toContain(id);
    const decided = await cli(["queue", "decide", id, "--channel", "PEOPLES_MEDIATION", "--reason", "适合人民调解", "--json"]);
    expect(decided).toMatchObject({ channel: "CHANNEL_PEOPLES_MEDIATION", rule: "manual", decidedBy: "sup-jd01" });
    await gone(id);
  });
});
