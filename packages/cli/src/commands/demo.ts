// `pnpm demo`: a short day at the centre. Uses the running centre, or starts one; submits disputes
// across categories; the demo roster's mediators accept and close what they are offered; then the
// month's report.
import { categoryCodec, channelCodec, common, type mediation, shanghaiMonth, statistics } from "@mediation/contracts";
import { checkHealth } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { DEFAULT_CONSOLE_PORT } from "../centre/console.js";
import type { RunningCentre } from "../centre/launch.js";
import { DEFAULT_PORTS, SERVICES } from "../centre/launch.js";
import { CentreClients, connectCentre } from "../clients.js";
import { developmentSigner } from "../credentials.js";
import { yuanToFen } from "../money.js";
import type { Output } from "../output.js";
import { startLocalCentre } from "./centre.js";
import { aDemoDispute, DEMO_CASES } from "./demo-cases.js";
import { describeReport } from "./report.js";

const { Outcome } = common;

async function centreIsRunning(): Promise<boolean> {
  const healthy = await Promise.all(SERVICES.map((name) => checkHealth(`127.0.0.1:${DEFAULT_PORTS[name]}`, 1_000)));
  return healthy.every(Boolean);
}

/** Where to see the same in the web console. */
async function consoleNote(centreWasRunning: boolean): Promise<string> {
  const url = process.env.CONSOLE_URL ?? `http://127.0.0.1:${DEFAULT_CONSOLE_PORT}`;
  const up =
    centreWasRunning &&
    (await fetch(`${url}/api/session`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    ));
  return up ? `\nOpen the web console: ${url}` : `\nThe web console: run \`pnpm start\` and open ${url}`;
}

export async function demo(out: Output): Promise<void> {
  let started: RunningCentre | undefined;
  if (await centreIsRunning()) out.progress("Using the centre already running on this machine.");
  else started = await startLocalCentre(out, false);
  // Speaks as each role in turn: the street centre, the mediators, the analyst.
  const clients = started ? new CentreClients(started.addresses, developmentSigner(started.authSecret)) : connectCentre();
  const month = shanghaiMonth(new Date());
  try {
    const before = (await clients.monthlyReport(month)).report as statistics.MonthlyReport;
    const closings = new Map<string, (typeof DEMO_CASES)[number]>();
    const offers: mediation.Offer[] = [];
    const stops = ["M-JD01-01", "M-JD01-02", "M-JD02-01", "M-DIST-01"].map((id) =>
      clients.watchAssignments(id, (offer) => offers.push(offer)),
    );

    out.progress(`\nSubmitting ${DEMO_CASES.length} disputes:`);
    for (const demoCase of DEMO_CASES) {
      const { dispute } = await clients.submitDispute(aDemoDispute(demoCase));
      const route = await clients.explainRoute({
        category: categoryCodec.fromCode(demoCase.category),
        claimAmountFen: yuanToFen(demoCase.amountYuan),
      });
      out.progress(
        `  ${dispute?.caseNumber}  ${demoCase.category.padEnd(12)} ${demoCase.amountYuan.padStart(9)} yuan → ${channelCodec.toCode(route.channel)} (${route.reason})`,
      );
      if (demoCase.outcome) closings.set(dispute?.disputeId ?? "", demoCase);
    }

    out.progress(`\nMediators accept their offers and hold sessions (${closings.size} mediation-first cases):`);
    for (const [disputeId, demoCase] of closings) {
      const offer = await waitFor(() => offers.find((o) => o.disputeId === disputeId), {
        what: `the offer for ${disputeId}`,
        timeoutMs: 20_000,
      });
      await clients.acceptOffer(offer.mediatorId, offer.offerId);
      const outcome = demoCase.outcome as keyof typeof Outcome;
      await clients.closeCase({
        mediatorId: offer.mediatorId,
        caseId: offer.caseId,
        outcome: Outcome[outcome],
        obligations:
          outcome === "OUTCOME_AGREEMENT"
            ? [
                {
                  obligor: "respondent",
                  terms: demoCase.terms ?? "as agreed",
                  manner: "bank transfer",
                  dueBy: new Date(Date.now() + 14 * 86_400_000),
                },
              ]
            : [],
        refusedBy: outcome === "OUTCOME_REFUSED" ? "respondent" : "",
        partiesToldOfOtherRoutes: outcome === "OUTCOME_NO_AGREEMENT",
      });
      out.progress(`  ${offer.mediatorId} closed the ${demoCase.category} case: ${outcome.replace("OUTCOME_", "")}`);
    }
    for (const stop of stops) stop();

    out.progress("\nWaiting for statistics to count every step...");
    const report = await waitFor(
      async () => {
        const { report: now } = await clients.monthlyReport(month);
        const [a, b] = [now?.figures, before.figures];
        return a && b && a.closed >= b.closed + closings.size && a.received >= b.received + DEMO_CASES.length ? now : undefined;
      },
      { what: "the monthly report to count the demo", timeoutMs: 20_000 },
    );
    out.result(statistics.MonthlyReport.toJSON(report), () => `\n${describeReport(report)}`);
    out.progress(await consoleNote(started === undefined));
  } finally {
    clients.close();
    if (started) {
      out.progress("\nStopping the centre the demo started.");
      await started.stop();
    }
  }
}
