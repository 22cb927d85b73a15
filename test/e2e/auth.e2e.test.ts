// docs/architecture.md#security over the running services: every call needs a valid bearer token; a centre sees only
// its own disputes, a mediator only its own offers and cases, supervisors manage the roster (of
// their own centre when bound to one), and an analyst sees aggregates only.
import { developmentSigner, noCredentials } from "@mediation/cli";
import { common, mediation, shanghaiMonth } from "@mediation/contracts";
import { isServiceError, status, type TokenClaims } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return status.OK;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return error.code;
  }
};

describe("who may do what", () => {
  let f: CentreFixture;
  const as = async (claims: TokenClaims, secret?: string, expiresIn?: string) =>
    f.clients.as(developmentSigner(secret ?? f.centre.authSecret, { as: claims, ...(expiresIn ? { expiresIn } : {}) }));
  let disputeId = "";
  let offer: mediation.Offer;

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [
        { mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] },
        { mediatorId: "B", centreCode: "JD01", categories: ["FAMILY"] },
        { mediatorId: "C", centreCode: "JD02", categories: ["FAMILY"] },
      ],
    });
    const jd01 = await as({ subject: "clerk-1", role: "centre", centreCode: "JD01" });
    disputeId =
      (await jd01.submitDispute(aDispute({ centreCode: "JD01", category: common.Category.CATEGORY_FAMILY }))).dispute?.disputeId ?? "";
    const offers: mediation.Offer[] = [];
    const stops = ["A", "B"].map((m) => f.clients.watchAssignments(m, (o) => offers.push(o)));
    offer = await waitFor(() => offers.find((o) => o.disputeId === disputeId));
    for (const stop of stops) stop();
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("refuses a call without a token, with a bad signature, expired, or for another service: UNAUTHENTICATED", async () => {
    expect(await codeOf(f.clients.as(noCredentials).listDisputes({}))).toBe(status.UNAUTHENTICATED);
    const forged = await as({ subject: "x", role: "admin" }, "a-different-key-of-at-least-32-characters");
    expect(await codeOf(forged.listDisputes({}))).toBe(status.UNAUTHENTICATED);
    const expired = await as({ subject: "x", role: "admin" }, undefined, "-1s");
    expect(await codeOf(expired.monthlyReport(shanghaiMonth(new Date())))).toBe(status.UNAUTHENTICATED);
    // One audience per service: a token minted for intake does not open statistics.
    const forIntake = developmentSigner(f.centre.authSecret, { as: { subject: "x", role: "admin" } });
    const misdirected = f.clients.as((method, request) => forIntake(method, request, "intake"));
    expect(await codeOf(misdirected.monthlyReport(shanghaiMonth(new Date())))).toBe(status.UNAUTHENTICATED);
  });

  it("has every service say at start that HS256 tokens are for development only", () => {
    for (const service of ["intake", "routing", "mediation", "statistics"]) {
      const line = f.logs().find((l) => l.startsWith(`${service}: `) && l.includes("HS256 with AUTH_SECRET, for development only"));
      expect(line, service).toContain(`"audience":"mediation-centre/${service}"`);
    }
  });

  it("lets a centre submit and see only its own disputes", async () => {
    const jd02 = await as({ subject: "clerk-2", role: "centre", centreCode: "JD02" });
    expect(await codeOf(jd02.submitDispute(aDispute({ centreCode: "JD01" })))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(jd02.getDispute(disputeId))).toBe(status.NOT_FOUND);
    expect(await codeOf(jd02.listDisputes({ centreCode: "JD01" }))).toBe(status.PERMISSION_DENIED);
    expect((await jd02.listDisputes({})).disputes).toEqual([]);
    const jd01 = await as({ subject: "clerk-1", role: "centre", centreCode: "JD01" });
    expect((await jd01.getDispute(disputeId)).dispute?.parties.length).toBe(2);
  });

  it("lets a mediator act only on its own offers and cases", async () => {
    const other = offer.mediatorId === "A" ? "B" : "A";
    const impostor = await as({ subject: other, role: "mediator", mediatorId: other });
    expect(await codeOf(impostor.acceptOffer(offer.mediatorId, offer.offerId))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(impostor.listMyCases(offer.mediatorId))).toBe(status.PERMISSION_DENIED);
    // Naming itself does not help: the offer was made to the other mediator.
    expect(await codeOf(impostor.acceptOffer(other, offer.offerId))).toBe(status.PERMISSION_DENIED);
    const owner = await as({ subject: offer.mediatorId, role: "mediator", mediatorId: offer.mediatorId });
    expect(await codeOf(owner.acceptOffer(offer.mediatorId, offer.offerId))).toBe(status.OK);
  });

  it("keeps the roster to supervisors, and a centre's supervisor to its own centre", async () => {
    const mediatorA = await as({ subject: "A", role: "mediator", mediatorId: "A" });
    expect(await codeOf(mediatorA.listMediators())).toBe(status.PERMISSION_DENIED);
    const jd01Head = await as({ subject: "head-1", role: "supervisor", centreCode: "JD01" });
    expect((await jd01Head.listMediators()).mediators.map((m) => m.mediatorId).sort()).toEqual(["A", "B"]);
    expect(await codeOf(jd01Head.setMediatorStatus("C", mediation.MediatorStatus.MEDIATOR_STATUS_AWAY))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(jd01Head.setMediatorStatus("B", mediation.MediatorStatus.MEDIATOR_STATUS_AWAY))).toBe(status.OK);
  });

  it("gives an analyst aggregates but no dispute, and publishing and rebuilding to an admin", async () => {
    const analyst = await as({ subject: "stats-1", role: "analyst" });
    expect(await codeOf(analyst.getDispute(disputeId))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(analyst.monthlyReport(shanghaiMonth(new Date())))).toBe(status.OK);
    expect(await codeOf(analyst.rebuildReadModel())).toBe(status.PERMISSION_DENIED);
    const centre = await as({ subject: "clerk-1", role: "centre", centreCode: "JD01" });
    expect(await codeOf(centre.monthlyReport(shanghaiMonth(new Date()), "JD02"))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(centre.monthlyReport(shanghaiMonth(new Date()), "JD01"))).toBe(status.OK);
  });
});
