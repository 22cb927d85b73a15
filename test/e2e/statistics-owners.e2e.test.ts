// Statistics over the running services, for what needs a dispute's own history: disputes waiting for
// an owner (a TRIAGE dispute, an unacknowledged DISTRICT_ESCALATION, a case nobody took) counted until
// a supervisor decides, acknowledges or assigns, through routing's SupervisorService; and a published
// month that stays as it was when a late event arrives. Real NATS, Redis, gRPC and stores.
import { developmentSigner } from "@mediation/cli";
import { common, encodeEvent, events, intake, newEvent, shanghaiMonth, statistics, subjectOf } from "@mediation/contracts";
import type { TokenClaims } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, NATS_URL, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel } = common;
const { TimelineKind } = intake;

describe("statistics of each dispute's owner", () => {
  let f: CentreFixture;
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
  }, 90_000);

  afterAll(async () => {
    for (const s of speakers) s.close();
    await f?.stop();
  });

  const month = () => shanghaiMonth(new Date());
  const waiting = (centre = "") => f.clients.monthlyReport(month(), centre).then((r) => r.report?.waitingForOwner);
  const submit = async (category: common.Category) =>
    (await f.clients.submitDispute(aDispute({ centreCode: "JD01", category }))).dispute?.disputeId ?? "";

  it("counts disputes nobody is responsible for until a supervisor decides, acknowledges or assigns; then 0", async () => {
    const triage = await submit(Category.CATEGORY_OTHER);
    const escalation = await submit(Category.CATEGORY_DEMOLITION_RESETTLEMENT);
    const family = await submit(Category.CATEGORY_FAMILY); // F1 is AWAY: nobody takes the case
    const before = await waitFor(async () => ((await waiting())?.total === 3 ? waiting() : undefined), {
      what: "three disputes waiting for an owner",
      timeoutMs: 30_000,
    });
    expect(before).toMatchObject({ triage: 1, escalation: 1, awaitingMediator: 1 });
    expect(Number(before?.oldestAgeSeconds)).toBeGreaterThanOrEqual(0);
    expect(before?.asOf?.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await waiting("JD02"))?.total).toBe(0);
    const html = await f.clients.exportReport(
      month(),
      "JD01",
      statistics.ExportFormat.EXPORT_FORMAT_HTML,
      statistics.ExportLanguage.EXPORT_LANGUAGE_ZH,
    );
    expect(Buffer.from(html.content).toString("utf8")).toContain('<th scope="row">人工分流待决定</th><td>1</td>');

    const supervisor = as({ subject: "sup-jd01", role: "supervisor", centreCode: "JD01" });
    await supervisor.decideChannel(triage, Channel.CHANNEL_PEOPLES_MEDIATION, "邻里之间的共有物纠纷，适合人民调解");
    await supervisor.acknowledgeEscalation(escalation, "今天联系街道征收办");
    const caseId = await waitFor(async () => {
      const e = (await f.events("caseEscalated")).find((x) => x.correlationId === family);
      return e?.payload?.$case === "caseEscalated" ? e.payload.value.caseId : undefined;
    });
    await supervisor.assignCase(caseId, "F1");
    const after = await waitFor(async () => ((await waiting())?.total === 0 ? waiting() : undefined), {
      what: "nobody waiting for an owner",
      timeoutMs: 30_000,
    });
    expect(after).toMatchObject({ triage: 0, escalation: 0, awaitingMediator: 0, oldestAgeSeconds: 0n });

    // Intake's timeline shows who took charge and who chose the channel; intake's consumer is not the
    // one waited for above, so it is waited for here.
    const decided = await waitFor(async () => {
      const routed = (await f.clients.getDispute(triage)).timeline.filter((e) => e.kind === TimelineKind.TIMELINE_KIND_ROUTED);
      return routed.length >= 2 ? routed : undefined;
    });
    expect(decided.map((e) => [e.rule, e.personId])).toEqual([
      ["triage.default", ""],
      ["manual", "sup-jd01"],
    ]);
    const acknowledged = await waitFor(async () =>
      (await f.clients.getDispute(escalation)).timeline.find((e) => e.kind === TimelineKind.TIMELINE_KIND_ESCALATION_ACKNOWLEDGED),
    );
    expect(acknowledged.personId).toBe("sup-jd01");
    // A rebuild from the event history finds the same owners and counts.
    expect((await f.clients.rebuildReadModel()).differences).toEqual([]);
  }, 120_000);

  it("keeps a published month as it was when a late event arrives, and shows the correction next month", async () => {
    // The test plays intake: a dispute submitted in a month long past, published, then a late one.
    const nc = await connect({ servers: NATS_URL });
    const js = jetstream(nc);
    const submitted = (id: string, at: string) =>
      newEvent(
        {
          $case: "disputeSubmitted",
          value: events.DisputeSubmitted.fromPartial({
            disputeId: id,
            centreCode: "JD01",
            category: Category.CATEGORY_FAMILY,
            claimantCount: 1,
            submittedAt: new Date(at),
          }),
        },
        { correlationId: id, causationId: "test" },
      );
    const publish = (e: ReturnType<typeof submitted>) =>
      js.publish(subjectOf(f.namespace, "disputeSubmitted"), encodeEvent(e), { msgID: e.id });
    await publish(submitted("late-1", "2025-03-10T02:00:00Z"));
    await waitFor(async () => ((await f.clients.monthlyReport("2025-03")).report?.figures?.received === 1 ? true : undefined));

    const published = await f.clients.publishReport("2025-03");
    expect(published.alreadyPublished).toBe(false);
    const frozen = (await f.clients.monthlyReport("2025-03")).report as statistics.MonthlyReport;
    expect(frozen).toMatchObject({ published: true, contentHash: published.contentHash });

    await publish(submitted("late-2", "2025-03-31T15:00:00Z")); // 23:00 on 31 March in Shanghai
    const april = await waitFor(async () => {
      const r = (await f.clients.monthlyReport("2025-04")).report;
      return r?.corrections.length ? r : undefined;
    });
    expect(april.corrections).toEqual([{ month: "2025-03", delta: expect.objectContaining({ received: 1 }) }]);
    expect((await f.clients.monthlyReport("2025-03")).report).toEqual(frozen);
    await nc.close();
  });
});
