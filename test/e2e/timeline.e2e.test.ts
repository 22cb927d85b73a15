// Progress for centres, over real NATS, gRPC and stores: GetDispute's timeline is built by intake
// from the events it follows, and ListDisputes filters on what the timeline says.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { common, intake, shanghaiMonth } from "@mediation/contracts";
import { signToken } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel, Outcome } = common;
const { DisputeState, TimelineKind } = intake;

describe("a dispute's timeline", () => {
  let f: CentreFixture;

  beforeAll(async () => {
    f = await startTestCentre({ mediators: [{ mediatorId: "F1", centreCode: "JD01", categories: ["FAMILY"] }], supervisors: {} });
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("lists each step of FAMILY → refused → litigation guidance in order, and ListDisputes finds it by what happened", async () => {
    const offers: Array<{ offerId: string; caseId: string; disputeId: string }> = [];
    const stop = f.clients.watchAssignments("F1", (o) => offers.push(o));
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category: Category.CATEGORY_FAMILY }));
    const id = dispute?.disputeId ?? "";
    const offer = await waitFor(() => offers.find((o) => o.disputeId === id), { what: "the offer to F1" });
    stop();
    await f.clients.acceptOffer("F1", offer.offerId);
    await f.clients.recordSession({ mediatorId: "F1", caseId: offer.caseId, note: "双方到场" });
    await f.clients.extendDeadline("F1", offer.caseId, true);
    await f.clients.closeCase({ mediatorId: "F1", caseId: offer.caseId, outcome: Outcome.OUTCOME_REFUSED, refusedBy: "respondent" });

    const got = await waitFor(
      async () => {
        const r = await f.clients.getDispute(id);
        return r.timeline.some((e) => e.kind === TimelineKind.TIMELINE_KIND_ROUTED_ONWARD) ? r : undefined;
      },
      { what: "the onward routing in the timeline", timeoutMs: 20_000 },
    );
    expect(got.timeline.map((e) => intake.timelineKindToJSON(e.kind).replace("TIMELINE_KIND_", ""))).toEqual([
      "SUBMITTED",
      "ROUTED",
      "OFFERED",
      "ACCEPTED",
      "SESSION_HELD",
      "DEADLINE_EXTENDED",
      "CLOSED",
      "ROUTED_ONWARD",
    ]);
    const [submitted, routed, offered, accepted, session, extended, closed, onward] = got.timeline;
    expect(routed).toMatchObject({ channel: Channel.CHANNEL_PEOPLES_MEDIATION });
    expect(routed?.rule).not.toBe("");
    // Why, in Chinese first, with the English beside it.
    expect(routed).toMatchObject({ reason: "婚姻家庭纠纷先行人民调解", reasonEn: "family disputes go to people's mediation first" });
    expect(offered).toMatchObject({ personId: "F1", caseId: offer.caseId });
    expect(accepted?.personId).toBe("F1");
    expect(accepted?.deadlineAt).toBeInstanceOf(Date);
    expect(session).toMatchObject({ personId: "F1", sessionNumber: 1 });
    expect(extended?.previousDeadlineAt).toEqual(accepted?.deadlineAt);
    expect(extended?.deadlineAt?.getTime()).toBeGreaterThan(accepted?.deadlineAt?.getTime() ?? 0);
    expect(closed).toMatchObject({ outcome: Outcome.OUTCOME_REFUSED, personId: "F1" });
    expect(onward).toMatchObject({
      channel: Channel.CHANNEL_LITIGATION_GUIDANCE,
      rule: "onward.after-refusal",
      reason: "一方当事人拒绝调解（《人民调解法》第十七条、第二十三条）；转诉讼引导",
      reasonEn: "a party refused mediation (People's Mediation Law art. 17, 23); onward to LITIGATION_GUIDANCE",
    });
    const times = got.timeline.map((e) => e.at?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(submitted?.at).toEqual(got.dispute?.submittedAt);
    expect(got.dispute).toMatchObject({ state: DisputeState.DISPUTE_STATE_ROUTED, channel: Channel.CHANNEL_LITIGATION_GUIDANCE });

    // ListDisputes: by state and channel, category, month and case number; a filter that does not match finds nothing.
    const caseNumber = got.dispute?.caseNumber ?? "";
    const month = shanghaiMonth(new Date());
    const ids = async (req: Partial<intake.ListDisputesRequest>) => (await f.clients.listDisputes(req)).disputes.map((d) => d.disputeId);
    expect(await ids({ state: DisputeState.DISPUTE_STATE_ROUTED, channel: Channel.CHANNEL_LITIGATION_GUIDANCE })).toEqual([id]);
    expect(await ids({ category: Category.CATEGORY_FAMILY, month })).toEqual([id]);
    expect(await ids({ caseNumber })).toEqual([id]);
    expect(await ids({ state: DisputeState.DISPUTE_STATE_WITHDRAWN })).toEqual([]);
    expect(await ids({ channel: Channel.CHANNEL_PEOPLES_MEDIATION })).toEqual([]);
    expect(await ids({ category: Category.CATEGORY_NEIGHBOUR })).toEqual([]);
    expect(await ids({ month: "2020-01" })).toEqual([]);

    // The CLI prints the same timeline, and finds the dispute by case number.
    const token = await signToken(
      { subject: "clerk", role: "centre", centreCode: "JD01" },
      { secret: f.centre.authSecret, issuer: "mediation-centre", audience: ["intake", "mediation"].map(serviceAudience) },
    );
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [join(REPO_ROOT, "packages/cli/bin/mediation.mjs"), ...args], {
        env: { ...process.env, MEDIATION_TOKEN: token, MEDIATION_INTAKE_ADDR: f.centre.addresses.intake },
      });
    const shown = (await cli("show", id)).stdout;
    const order = ["SUBMITTED", "ROUTED ", "OFFERED", "ACCEPTED", "SESSION_HELD", "DEADLINE_EXTENDED", "CLOSED", "ROUTED_ONWARD"];
    const positions = order.map((kind) => shown.indexOf(`  ${kind}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(shown).toContain("LITIGATION_GUIDANCE");
    expect((await cli("list", "--case", caseNumber)).stdout).toContain(id);
    expect((await cli("list", "--state", "withdrawn")).stdout).toContain("No disputes.");
  }, 120_000);
});
