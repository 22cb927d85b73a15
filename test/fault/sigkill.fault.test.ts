// docs/architecture.md#inbox, proof by test: kill each service with SIGKILL under load, restart it, and every
// submitted dispute still reaches its state, and every report figure equals the ground truth.

import type { ServiceName } from "@mediation/cli";
import { common, type mediation, shanghaiMonth } from "@mediation/contracts";
import { isServiceError, status } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Outcome } = common;
const MEDIATORS = ["K1", "K2", "K3"];
const TOTAL = 120;

/** Retries a call while its service is down: what a street centre's client does after a crash. */
async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const transient =
        isServiceError(error) &&
        (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED || error.code === status.CANCELLED);
      if (!transient || attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe("the centre under SIGKILL", () => {
  let f: CentreFixture;

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: MEDIATORS.map((mediatorId) => ({ mediatorId, centreCode: "JD01", categories: ["FAMILY"], maxOpenCases: 200 })),
    });
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("loses and duplicates nothing when each service is killed and restarted while disputes flow", async () => {
    const kills: Record<number, ServiceName> = { 20: "intake", 45: "routing", 70: "mediation", 95: "statistics" };
    const requests = Array.from({ length: TOTAL }, () => aDispute({ centreCode: "JD01", category: Category.CATEGORY_FAMILY }));
    const disputeIds = new Set<string>();
    for (let i = 0; i < TOTAL; i++) {
      const victim = kills[i];
      if (victim) {
        expect(await f.centre.kill(victim, "SIGKILL")).toBeNull();
        // Restart in the background while the load goes on: submissions retry until intake is back.
        void f.centre.restart(victim);
      }
      const request = requests[i] as (typeof requests)[number];
      // The same request id on every retry: a retry after a lost answer must not make a second dispute.
      const { dispute } = await retrying(() => f.clients.submitDispute(request));
      disputeIds.add(dispute?.disputeId ?? "");
    }
    expect(disputeIds.size).toBe(TOTAL);

    // Every dispute reaches a mediator exactly once, though mediation died in the middle.
    const offersFor = async () => {
      const all: mediation.Case[] = [];
      for (const m of MEDIATORS) all.push(...(await retrying(() => f.clients.listMyCases(m))).cases);
      return all;
    };
    const cases = await waitFor(
      async () => {
        const all = await offersFor();
        return all.length >= TOTAL ? all : undefined;
      },
      { what: `${TOTAL} offered cases`, timeoutMs: 90_000 },
    );
    expect(cases).toHaveLength(TOTAL);
    expect(new Set(cases.map((c) => c.disputeId))).toEqual(disputeIds);

    // Close them all with a known pattern of outcomes: the ground truth.
    const outcomes = [Outcome.OUTCOME_AGREEMENT, Outcome.OUTCOME_AGREEMENT, Outcome.OUTCOME_NO_AGREEMENT, Outcome.OUTCOME_REFUSED];
    // Each stream first sends its mediator's pending offers; wait until every case's offer has come.
    const pending = new Map<string, mediation.Offer>();
    const stops = MEDIATORS.map((m) => f.clients.watchAssignments(m, (o) => pending.set(o.offerId, o)));
    await waitFor(() => (pending.size >= TOTAL ? true : undefined), { what: `${TOTAL} pending offers on the streams`, timeoutMs: 30_000 });
    for (const stop of stops) stop();
    let i = 0;
    const truth = { agreements: 0, noAgreements: 0, refusals: 0 };
    for (const offer of pending.values()) {
      const outcome = outcomes[i++ % outcomes.length] as common.Outcome;
      await f.clients.acceptOffer(offer.mediatorId, offer.offerId);
      await f.clients.closeCase({
        mediatorId: offer.mediatorId,
        caseId: offer.caseId,
        outcome,
        obligations:
          outcome === Outcome.OUTCOME_AGREEMENT
            ? [{ obligor: "respondent", terms: "pays", manner: "", dueBy: new Date("2027-01-31") }]
            : [],
        refusedBy: outcome === Outcome.OUTCOME_REFUSED ? "claimant" : "",
        partiesToldOfOtherRoutes: outcome === Outcome.OUTCOME_NO_AGREEMENT,
      });
      if (outcome === Outcome.OUTCOME_AGREEMENT) truth.agreements++;
      if (outcome === Outcome.OUTCOME_NO_AGREEMENT) truth.noAgreements++;
      if (outcome === Outcome.OUTCOME_REFUSED) truth.refusals++;
    }
    expect(i).toBe(TOTAL);

    // A message in hand when its consumer was killed comes back after JetStream's ack wait (30 s):
    // wait for every figure to reach the truth, not just the last ones to arrive.
    const expected = { received: TOTAL, routedMediationFirst: TOTAL, accepted: TOTAL, closed: TOTAL, ...truth, backlog: 0 };
    const matches = (figures: object | undefined) =>
      !!figures && Object.entries(expected).every(([k, v]) => (figures as Record<string, unknown>)[k] === v);
    let last: object | undefined;
    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(shanghaiMonth(new Date()))).report;
        last = r?.figures;
        return matches(r?.figures) ? r : undefined;
      },
      { what: "every report figure to equal the ground truth", timeoutMs: 90_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last figures: ${JSON.stringify(last)}`);
    });
    expect(report.figures).toMatchObject(expected);
    const rebuilt = await f.clients.rebuildReadModel();
    expect(rebuilt.differences).toEqual([]);
  }, 300_000);
});
