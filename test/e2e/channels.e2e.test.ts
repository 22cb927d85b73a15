// Every handling channel has people: a dispute of each mediation channel goes from submission to an
// end with the person the roster names for that channel; a case escalated because everyone was AWAY
// is offered as soon as someone is AVAILABLE; a supervisor's assignment and reassignment keep the
// deadline and are in the timeline. Real NATS, Redis, gRPC and stores.
import { common, intake, mediation } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel, Outcome } = common;
const { TimelineKind } = intake;
const kinds = (timeline: intake.TimelineEntry[]) => timeline.map((e) => intake.timelineKindToJSON(e.kind).replace("TIMELINE_KIND_", ""));

describe("every mediation channel", () => {
  let f: CentreFixture;
  const offers: Array<{ offerId: string; caseId: string; disputeId: string; mediatorId: string }> = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [
        { mediatorId: "P1", centreCode: "JD01", categories: ["FAMILY"], status: "AWAY" },
        { mediatorId: "P2", centreCode: "JD01", categories: ["FAMILY"], status: "AWAY" },
        { mediatorId: "LAW1", centreCode: "DISTRICT", channels: ["LAWYER_MEDIATION"], categories: ["SMALL_DEBT"] },
        { mediatorId: "CON1", centreCode: "DISTRICT", channels: ["CONSUMER_ASSOCIATION"], categories: ["CONSUMER"] },
        { mediatorId: "COM1", centreCode: "DISTRICT", channels: ["COMMERCIAL_MEDIATION"], categories: ["COMMERCIAL"] },
        { mediatorId: "LAB1", centreCode: "DISTRICT", channels: ["LABOUR_MEDIATION"], categories: ["LABOUR_WAGES"] },
        { mediatorId: "ADM1", centreCode: "DISTRICT", channels: ["ADMINISTRATIVE_MEDIATION"], categories: ["ADMINISTRATIVE"] },
      ],
      supervisors: { JD01: "S-JD01" },
    });
    for (const id of ["P1", "P2", "LAW1", "CON1", "COM1", "LAB1", "ADM1"])
      stops.push(f.clients.watchAssignments(id, (o) => offers.push({ ...o, mediatorId: id })));
  }, 90_000);

  afterAll(async () => {
    for (const stop of stops) stop();
    await f?.stop();
  });

  const submit = async (category: common.Category, claimAmountFen = 0n) =>
    (await f.clients.submitDispute(aDispute({ centreCode: "JD01", category, claimAmountFen }))).dispute?.disputeId ?? "";
  const timelineWith = (id: string, kind: intake.TimelineKind) =>
    waitFor(
      async () => {
        const r = await f.clients.getDispute(id);
        return r.timeline.some((e) => e.kind === kind) ? r : undefined;
      },
      { what: `${intake.timelineKindToJSON(kind)} in the timeline of ${id}`, timeoutMs: 20_000 },
    );

  it.each([
    ["LAWYER_MEDIATION", Category.CATEGORY_SMALL_DEBT, 6_000_000n, "LAW1", Channel.CHANNEL_LAWYER_MEDIATION],
    ["CONSUMER_ASSOCIATION", Category.CATEGORY_CONSUMER, 0n, "CON1", Channel.CHANNEL_CONSUMER_ASSOCIATION],
    ["COMMERCIAL_MEDIATION", Category.CATEGORY_COMMERCIAL, 0n, "COM1", Channel.CHANNEL_COMMERCIAL_MEDIATION],
    ["LABOUR_MEDIATION", Category.CATEGORY_LABOUR_WAGES, 0n, "LAB1", Channel.CHANNEL_LABOUR_MEDIATION],
    ["ADMINISTRATIVE_MEDIATION", Category.CATEGORY_ADMINISTRATIVE, 0n, "ADM1", Channel.CHANNEL_ADMINISTRATIVE_MEDIATION],
  ] as const)(
    "offers a %s dispute to its own mediator, who accepts it and closes it without agreement; it goes on",
    async (_name, category, amount, who, channel) => {
      const id = await submit(category, amount);
      const offer = await waitFor(() => offers.find((o) => o.disputeId === id), { what: `the offer of ${id}` });
      expect(offer.mediatorId).toBe(who);
      const accepted = await f.clients.acceptOffer(who, offer.offerId);
      expect(accepted.case?.channel).toBe(channel);
      await f.clients.closeCase({
        mediatorId: who,
        caseId: offer.caseId,
        outcome: Outcome.OUTCOME_NO_AGREEMENT,
        partiesToldOfOtherRoutes: true,
      });
      const got = await timelineWith(id, TimelineKind.TIMELINE_KIND_ROUTED_ONWARD);
      const onward = got.timeline.find((e) => e.kind === TimelineKind.TIMELINE_KIND_ROUTED_ONWARD);
      // Labour mediation without agreement opens arbitration (劳动争议调解仲裁法 第十四条); the others go to litigation guidance.
      expect(onward?.channel).toBe(
        channel === Channel.CHANNEL_LABOUR_MEDIATION ? Channel.CHANNEL_LABOUR_ARBITRATION : Channel.CHANNEL_LITIGATION_GUIDANCE,
      );
    },
  );

  it("offers a case escalated because everyone was AWAY at once when a mediator becomes AVAILABLE; assignment and reassignment keep the deadline", async () => {
    const first = await submit(Category.CATEGORY_FAMILY);
    const [escalated] = await waitFor(async () => {
      const found = (await f.events("caseEscalated")).filter((e) => e.correlationId === first);
      return found.length ? found : undefined;
    });
    expect(escalated?.payload?.$case).toBe("caseEscalated");
    await f.clients.setMediatorStatus("P1", mediation.MediatorStatus.MEDIATOR_STATUS_AVAILABLE);
    const offer = await waitFor(() => offers.find((o) => o.disputeId === first), { what: "the re-offer to P1" });
    expect(offer.mediatorId).toBe("P1");

    // With both AWAY a second case escalates; P2 coming back gets it at once, and when P2 goes on leave
    // the supervisor hands it to P1, its deadline unchanged.
    await f.clients.setMediatorStatus("P1", mediation.MediatorStatus.MEDIATOR_STATUS_AWAY);
    const second = await submit(Category.CATEGORY_FAMILY);
    const escalatedCase = await waitFor(async () => {
      const e = (await f.events("caseEscalated")).find((x) => x.correlationId === second);
      return e?.payload?.$case === "caseEscalated" ? e.payload.value.caseId : undefined;
    });
    await f.clients.setMediatorStatus("P2", mediation.MediatorStatus.MEDIATOR_STATUS_AVAILABLE);
    const reoffer = await waitFor(() => offers.find((o) => o.disputeId === second), { what: "the re-offer to P2" });
    expect(reoffer.mediatorId).toBe("P2");
    const accepted = (await f.clients.acceptOffer("P2", reoffer.offerId)).case;
    await f.clients.setMediatorStatus("P1", mediation.MediatorStatus.MEDIATOR_STATUS_AVAILABLE);
    const moved = (await f.clients.reassignCase(escalatedCase, "P1", "P2 休产假")).case;
    expect(moved?.mediatorId).toBe("P1");
    expect(moved?.deadlineAt).toEqual(accepted?.deadlineAt);
    const got = await timelineWith(second, TimelineKind.TIMELINE_KIND_REASSIGNED);
    expect(kinds(got.timeline)).toEqual(["SUBMITTED", "ROUTED", "ESCALATED", "OFFERED", "ACCEPTED", "REASSIGNED"]);
    // The supervisor's reason stays sealed in mediation: neither the event nor intake's timeline carries it.
    expect(got.timeline.at(-1)).toMatchObject({ personId: "P1", reason: "", deadlineAt: accepted?.deadlineAt });
    const reassigned = (await f.events("caseReassigned")).find((e) => e.correlationId === second);
    expect(reassigned?.payload?.value).not.toHaveProperty("reason");
  });

  it("lets the supervisor name the mediator of a case awaiting one; the assignment is in the timeline", async () => {
    for (const id of ["P1", "P2"]) await f.clients.setMediatorStatus(id, mediation.MediatorStatus.MEDIATOR_STATUS_AWAY);
    const id = await submit(Category.CATEGORY_FAMILY);
    const caseId = await waitFor(async () => {
      const e = (await f.events("caseEscalated")).find((x) => x.correlationId === id);
      return e?.payload?.$case === "caseEscalated" ? e.payload.value.caseId : undefined;
    });
    const assigned = (await f.clients.assignCase(caseId, "P2")).case;
    expect(assigned).toMatchObject({ mediatorId: "P2", state: mediation.CaseState.CASE_STATE_ACCEPTED });
    const got = await timelineWith(id, TimelineKind.TIMELINE_KIND_ASSIGNED);
    expect(got.timeline.at(-1)).toMatchObject({ personId: "P2", deadlineAt: assigned?.deadlineAt });
    expect(got.dispute?.state).toBe(intake.DisputeState.DISPUTE_STATE_ACCEPTED);
  });
});
