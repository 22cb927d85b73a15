// Terminal channels end with the centre's guidance, over real NATS, gRPC and stores: a FAMILY dispute
// refused in people's mediation goes on to litigation guidance, and a labour mediation without
// agreement to labour arbitration; the submitting centre records where the parties were sent (the
// CLI for the second), the dispute is CLOSED with GUIDANCE_GIVEN, the timeline shows who gave it and
// to which institution, and the monthly report counts each under its channel. Only the submitting
// centre may record it, once, and a dispute so ended can no longer be withdrawn.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { developmentSigner, REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { common, intake, shanghaiMonth } from "@mediation/contracts";
import { isServiceError, signToken, status } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel, Outcome, WithdrawnBy } = common;
const { DisputeState, TimelineKind } = intake;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => status.OK,
    (error: unknown) => (isServiceError(error) ? error.code : Promise.reject(error)),
  );

describe("guidance on a terminal channel", () => {
  let f: CentreFixture;
  const offers: Array<{ offerId: string; caseId: string; disputeId: string; mediatorId: string }> = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [
        { mediatorId: "F1", centreCode: "JD01", categories: ["FAMILY"] },
        { mediatorId: "LAB1", centreCode: "DISTRICT", channels: ["LABOUR_MEDIATION"], categories: ["LABOUR_WAGES"] },
      ],
    });
    for (const id of ["F1", "LAB1"]) stops.push(f.clients.watchAssignments(id, (o) => offers.push({ ...o, mediatorId: id })));
  }, 90_000);

  afterAll(async () => {
    for (const stop of stops) stop();
    await f?.stop();
  });

  /** Submits, lets the mediator close the case with `outcome`, and waits for the onward routing to `channel`. */
  async function onward(category: common.Category, outcome: common.Outcome, channel: common.Channel): Promise<string> {
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category }));
    const id = dispute?.disputeId ?? "";
    const offer = await waitFor(() => offers.find((o) => o.disputeId === id), { what: `the offer of ${id}` });
    await f.clients.acceptOffer(offer.mediatorId, offer.offerId);
    await f.clients.closeCase({
      mediatorId: offer.mediatorId,
      caseId: offer.caseId,
      outcome,
      refusedBy: outcome === Outcome.OUTCOME_REFUSED ? "respondent" : "",
      partiesToldOfOtherRoutes: outcome === Outcome.OUTCOME_NO_AGREEMENT,
    });
    await waitFor(async () => ((await f.clients.getDispute(id)).dispute?.channel === channel ? true : undefined), {
      what: `${id} routed onward to ${common.channelToJSON(channel)}`,
      timeoutMs: 20_000,
    });
    return id;
  }

  it("ends FAMILY → refused → litigation guidance with the centre's guidance, once, in the timeline and the report", async () => {
    const id = await onward(Category.CATEGORY_FAMILY, Outcome.OUTCOME_REFUSED, Channel.CHANNEL_LITIGATION_GUIDANCE);
    // Another centre is told the dispute does not exist; the submitting centre records the guidance.
    expect(await codeOf(f.clients.recordGuidance(id, "杭州市上城区人民法院", "", "JD02"))).toBe(status.NOT_FOUND);
    const first = await f.clients.recordGuidance(id, "杭州市上城区人民法院", "已告知起诉所需材料", "JD01");
    expect(first.dispute).toMatchObject({ state: DisputeState.DISPUTE_STATE_CLOSED, outcome: Outcome.OUTCOME_GUIDANCE_GIVEN });
    expect(first.guidance).toMatchObject({
      kind: TimelineKind.TIMELINE_KIND_GUIDANCE_RECORDED,
      personId: "centre:JD01",
      channel: Channel.CHANNEL_LITIGATION_GUIDANCE,
      note: "杭州市上城区人民法院",
    });
    const again = await f.clients.recordGuidance(id, "另一个法院", "", "JD01");
    expect(again.guidance).toEqual(first.guidance);
    expect(await codeOf(f.clients.withdrawDispute(id, WithdrawnBy.WITHDRAWN_BY_CLAIMANT, "和解", "JD01"))).toBe(status.FAILED_PRECONDITION);
    const bad = await f.clients.recordGuidance(id, "法院\u0007", "", "JD01").catch((e: unknown) => e);
    expect(isServiceError(bad) && bad.code === status.INVALID_ARGUMENT && bad.details).toMatch(/institution/);

    // One event, without the centre's note; intake's timeline ends with it, read back from the events too.
    const published = await waitFor(async () => {
      const found = (await f.events("guidanceRecorded")).filter((e) => e.correlationId === id);
      return found.length ? found : undefined;
    });
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published[0])).not.toContain("起诉所需材料");
    const { dispute, timeline } = await f.clients.getDispute(id);
    expect(dispute).toMatchObject({ state: DisputeState.DISPUTE_STATE_CLOSED, outcome: Outcome.OUTCOME_GUIDANCE_GIVEN });
    expect(timeline.map((e) => e.kind).slice(-3)).toEqual([
      TimelineKind.TIMELINE_KIND_CLOSED,
      TimelineKind.TIMELINE_KIND_ROUTED_ONWARD,
      TimelineKind.TIMELINE_KIND_GUIDANCE_RECORDED,
    ]);

    const ended = await waitFor(async () => {
      const figures = (await f.clients.monthlyReport(shanghaiMonth(new Date()))).report?.figures;
      return figures?.guidanceGiven === 1 ? figures : undefined;
    });
    expect(ended.endedByChannel).toEqual(
      expect.arrayContaining([
        { channel: "PEOPLES_MEDIATION", outcome: "REFUSED", count: 1 },
        { channel: "LITIGATION_GUIDANCE", outcome: "GUIDANCE_GIVEN", count: 1 },
      ]),
    );
  }, 120_000);

  it("sends a labour mediation without agreement on to labour arbitration, where the CLI records the guidance", async () => {
    const id = await onward(Category.CATEGORY_LABOUR_WAGES, Outcome.OUTCOME_NO_AGREEMENT, Channel.CHANNEL_LABOUR_ARBITRATION);
    const token = await signToken(
      { subject: "clerk-jd01", role: "centre", centreCode: "JD01" },
      { secret: f.centre.authSecret, issuer: "mediation-centre", audience: [serviceAudience("intake")] },
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO_ROOT, "packages/cli/bin/mediation.mjs"), "dispute", "guidance", id, "--institution", "上城区劳动人事争议仲裁委员会"],
      { env: { ...process.env, MEDIATION_TOKEN: token, MEDIATION_INTAKE_ADDR: f.centre.addresses.intake } },
    );
    expect(stdout).toMatch(/Guidance recorded: .* is CLOSED, outcome GUIDANCE_GIVEN/);
    expect(stdout).toContain("by/to clerk-jd01");
    const { timeline } = await f.clients.getDispute(id);
    expect(timeline.at(-1)).toMatchObject({
      kind: TimelineKind.TIMELINE_KIND_GUIDANCE_RECORDED,
      channel: Channel.CHANNEL_LABOUR_ARBITRATION,
      personId: "clerk-jd01",
      note: "上城区劳动人事争议仲裁委员会",
    });
    const figures = await waitFor(async () => {
      const r = (await f.clients.monthlyReport(shanghaiMonth(new Date()))).report?.figures;
      return r?.guidanceGiven === 2 ? r : undefined;
    });
    expect(figures.endedByChannel).toEqual(
      expect.arrayContaining([
        { channel: "LABOUR_MEDIATION", outcome: "NO_AGREEMENT", count: 1 },
        { channel: "LABOUR_ARBITRATION", outcome: "GUIDANCE_GIVEN", count: 1 },
      ]),
    );
    // Nothing ended in an agreement: 0 of the 2 disputes that ended were resolved.
    expect(figures).toMatchObject({ ended: 2, resolvedAcrossChannelsPercent: "0.00" });
    // Another centre's clerk is told the dispute does not exist.
    const jd02 = f.clients.as(
      developmentSigner(f.centre.authSecret, { as: { subject: "clerk-jd02", role: "centre", centreCode: "JD02" } }),
    );
    expect(await codeOf(jd02.recordGuidance(id, "某法院", "", "JD02"))).toBe(status.NOT_FOUND);
    jd02.close();
  }, 120_000);
});
