// Statistics over the running services: a seeded generator drives a few hundred disputes through
// intake, routing and mediation with random outcomes; the report must equal an independent count
// from the generator's own record, figure by figure. Then: a rebuild from JetStream equals the live
// read model; the HTML export renders its charts in headless Chromium. (A published month and a late
// event, and disputes waiting for an owner: statistics-owners.e2e.test.ts.)
import { findChromium } from "@mediation/cli";
import { common, shanghaiMonth, statistics } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Outcome } = common;
const CENTRES = ["JD01", "JD02", "JD03"];
const MEDIATION_FIRST = [Category.CATEGORY_FAMILY, Category.CATEGORY_NEIGHBOUR, Category.CATEGORY_SMALL_DEBT];
const OTHERS = [Category.CATEGORY_CONSUMER, Category.CATEGORY_OTHER, Category.CATEGORY_LABOUR_WAGES];
const OUTCOMES = [Outcome.OUTCOME_AGREEMENT, Outcome.OUTCOME_NO_AGREEMENT, Outcome.OUTCOME_REFUSED, Outcome.OUTCOME_WITHDRAWN];

/** A small seeded generator (mulberry32), so a failing run can be replayed exactly. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Truth {
  received: number;
  mediationFirst: number;
  accepted: number;
  outcomes: Map<common.Outcome, number>;
  byCentre: Map<string, { received: number; agreements: number; noAgreements: number }>;
}

describe("statistics, end to end", () => {
  let f: CentreFixture;
  const seed = Number(process.env.STATS_SEED ?? 20261128);
  const month = shanghaiMonth(new Date());
  const truth: Truth = { received: 0, mediationFirst: 0, accepted: 0, outcomes: new Map(), byCentre: new Map() };

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: CENTRES.flatMap((centreCode) =>
        [1, 2].map((i) => ({
          mediatorId: `M-${centreCode}-${i}`,
          centreCode,
          categories: ["FAMILY", "NEIGHBOUR", "SMALL_DEBT"],
          maxOpenCases: 200,
        })),
      ),
    });
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("reports exactly what a seeded generator drove through the running services", async () => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
    const plan = new Map<string, { outcome: common.Outcome | undefined; centre: string }>();
    const offers: Array<{ disputeId: string; offerId: string; caseId: string; mediatorId: string }> = [];
    const stops = CENTRES.flatMap((c) => [1, 2].map((i) => f.clients.watchAssignments(`M-${c}-${i}`, (o) => offers.push(o))));

    for (let i = 0; i < 240; i++) {
      const centre = pick(CENTRES);
      const mediationFirst = next() < 0.75;
      const category = mediationFirst ? pick(MEDIATION_FIRST) : pick(OTHERS);
      // Small debts stay under the 50,000-yuan threshold, so they stay mediation-first.
      const { dispute } = await f.clients.submitDispute(
        aDispute({ centreCode: centre, category, claimAmountFen: BigInt(Math.floor(next() * 4_000_000)) }),
      );
      // Some mediation-first cases are left open: they must show as accepted but not closed.
      const outcome = mediationFirst && next() < 0.85 ? pick(OUTCOMES) : undefined;
      plan.set(dispute?.disputeId ?? "", { outcome, centre });
      const counts = truth.byCentre.get(centre) ?? { received: 0, agreements: 0, noAgreements: 0 };
      counts.received++;
      truth.byCentre.set(centre, counts);
      truth.received++;
      if (mediationFirst) truth.mediationFirst++;
    }

    expect(plan.size).toBe(240);
    await waitFor(() => (offers.length >= truth.mediationFirst ? true : undefined), {
      what: `${truth.mediationFirst} offers`,
      timeoutMs: 60_000,
    });
    for (const stop of stops) stop();
    for (const offer of offers) {
      const planned = plan.get(offer.disputeId);
      if (!planned) continue;
      await f.clients.acceptOffer(offer.mediatorId, offer.offerId);
      truth.accepted++;
      if (planned.outcome === undefined) continue;
      await f.clients.closeCase({
        mediatorId: offer.mediatorId,
        caseId: offer.caseId,
        outcome: planned.outcome,
        obligations:
          planned.outcome === Outcome.OUTCOME_AGREEMENT
            ? [{ obligor: "respondent", terms: "pays", manner: "transfer", dueBy: new Date("2027-01-31") }]
            : [],
        refusedBy: planned.outcome === Outcome.OUTCOME_REFUSED ? "respondent" : "",
        partiesToldOfOtherRoutes: planned.outcome === Outcome.OUTCOME_NO_AGREEMENT,
      });
      truth.outcomes.set(planned.outcome, (truth.outcomes.get(planned.outcome) ?? 0) + 1);
      const centre = truth.byCentre.get(planned.centre);
      if (centre && planned.outcome === Outcome.OUTCOME_AGREEMENT) centre.agreements++;
      if (centre && planned.outcome === Outcome.OUTCOME_NO_AGREEMENT) centre.noAgreements++;
    }

    const closed = [...truth.outcomes.values()].reduce((a, b) => a + b, 0);
    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(month)).report;
        // Accepts without a close may come last in the stream: wait for them too.
        const counted = r?.figures;
        return counted?.closed === closed && counted.received === truth.received && counted.accepted === truth.accepted ? r : undefined;
      },
      { what: "statistics to count every event", timeoutMs: 60_000 },
    );
    const n = (o: common.Outcome) => truth.outcomes.get(o) ?? 0;
    const rate = (a: number, b: number) => (a + b === 0 ? "" : (Math.round((a * 10000) / (a + b)) / 100).toFixed(2));
    expect(report.figures).toMatchObject({
      received: truth.received,
      routedMediationFirst: truth.mediationFirst,
      accepted: truth.accepted,
      closed,
      agreements: n(Outcome.OUTCOME_AGREEMENT),
      noAgreements: n(Outcome.OUTCOME_NO_AGREEMENT),
      refusals: n(Outcome.OUTCOME_REFUSED),
      withdrawals: n(Outcome.OUTCOME_WITHDRAWN),
      successRatePercent: rate(n(Outcome.OUTCOME_AGREEMENT), n(Outcome.OUTCOME_NO_AGREEMENT)),
      backlog: truth.accepted - closed,
      medianDaysToAssignment: 0,
    });
    const byCentre = report.breakdowns.find((b) => b.dimension === "centre")?.rows ?? [];
    expect(byCentre.map((r) => r.key)).toEqual([...truth.byCentre.keys()].sort());
    const byMediator = report.breakdowns.find((b) => b.dimension === "mediator")?.rows ?? [];
    expect(byMediator.map((r) => r.key)).toEqual(CENTRES.flatMap((c) => [`M-${c}-1`, `M-${c}-2`]));
    expect(byMediator.reduce((sum, r) => sum + (r.figures?.closed ?? 0), 0)).toBe(closed);
    for (const [centre, t] of truth.byCentre) {
      expect(byCentre.find((r) => r.key === centre)?.figures, centre).toMatchObject({
        received: t.received,
        successRatePercent: rate(t.agreements, t.noAgreements),
      });
    }
    expect(report.definitions.map((d) => d.term)).toEqual(
      expect.arrayContaining(["success_rate", "backlog", "days_to_close", "corrections"]),
    );
  }, 180_000);

  it("rebuilds from the JetStream history to exactly the live read model", async () => {
    const rebuilt = await f.clients.rebuildReadModel();
    expect(rebuilt.eventsReplayed).toBeGreaterThan(700);
    expect(rebuilt.differences).toEqual([]);
    // How long the replay took, as the command reports it (the comparison's own time is tested in statistics).
    expect(rebuilt.replayMs).toBeGreaterThan(0);
  }, 120_000);

  it("exports CSV for Excel and an HTML report whose charts render in headless Chromium", async () => {
    const csv = await f.clients.exportReport(
      month,
      "",
      statistics.ExportFormat.EXPORT_FORMAT_CSV,
      statistics.ExportLanguage.EXPORT_LANGUAGE_ZH,
    );
    const text = Buffer.from(csv.content).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain("受理数");
    expect(text.split("\r\n")[1]).toMatch(/^合计,全区,\d+/);

    const html = await f.clients.exportReport(
      month,
      "",
      statistics.ExportFormat.EXPORT_FORMAT_HTML,
      statistics.ExportLanguage.EXPORT_LANGUAGE_EN,
    );
    const browser = await chromium.launch({
      executablePath: findChromium(), // CHROMIUM_PATH, or chromium on PATH; else it throws with the line that installs it
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      // Self-contained: any request the page makes is a failure.
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.setContent(Buffer.from(html.content).toString("utf8"), { waitUntil: "load" });
      const charts = await page.$$eval("svg[data-chart]", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const marks = [...svg.querySelectorAll("rect.bar, circle.point, path.line")].filter((m) => {
            const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return b.width > 0 || b.height > 0;
          });
          return { name: svg.getAttribute("data-chart"), width: box.width, height: box.height, marks: marks.length };
        }),
      );
      expect(charts.map((c) => c.name)).toEqual(["success-rate", "outcomes-by-category", "load-by-centre"]);
      for (const chart of charts) {
        expect(chart.width, chart.name ?? "").toBeGreaterThan(100);
        expect(chart.marks, chart.name ?? "").toBeGreaterThan(0);
      }
      expect(requests.filter((url) => !url.startsWith("about:") && !url.startsWith("data:"))).toEqual([]);
      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
