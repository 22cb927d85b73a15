// Metrics scraped from every service's /metrics while a real centre runs: the counts equal what the
// test did, a durable consumer's pending count rises while its service is down and drains after
// its restart, an expired offer is counted, and every metric the dashboard and alerts query is exported.
import { common } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";
import { type Sample, SERVICE_NAMES, sampleSum, scrape } from "../support/metrics.js";
import { metricNamesIn, readAlertRules, readDashboard, ruleFileSchema } from "../support/observability.js";

const submit = (f: CentreFixture, centreCode: string) =>
  f.clients.submitDispute(aDispute({ centreCode, category: common.Category.CATEGORY_FAMILY }));

/** Scrapes until `probe` finds what it waits for. */
const scrapeUntil = (f: CentreFixture, service: (typeof SERVICE_NAMES)[number], probe: (s: Sample[]) => boolean, what: string) =>
  waitFor(
    async () => {
      const samples = await scrape(f, service);
      return probe(samples) ? samples : undefined;
    },
    { what, timeoutMs: 30_000, intervalMs: 250 },
  );

describe("metrics of a running centre", () => {
  let f: CentreFixture;

  beforeAll(async () => {
    f = await startTestCentre(
      { mediators: [{ mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] }], supervisors: { JD01: "S-JD01" } },
      { OFFER_TIMEOUT: "PT2S", MAX_OFFERS: "1" },
    );
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
  });

  it("counts the disputes submitted, their calls, and the offers that expired", async () => {
    for (let i = 0; i < 3; i++) await submit(f, "JD01");
    const intake = await scrapeUntil(f, "intake", (s) => sampleSum(s, "mediation_disputes_submitted_total") === 3, "3 disputes counted");
    expect(sampleSum(intake, "mediation_disputes_submitted_total", { category: "FAMILY" })).toBe(3);
    expect(sampleSum(intake, "rpc_server_duration_count", { rpc_method: "SubmitDispute", rpc_grpc_status_code: "0" })).toBe(3);
    expect(sampleSum(intake, "rpc_server_duration_sum", { rpc_method: "SubmitDispute" })).toBeGreaterThan(0);

    const mediation = await scrapeUntil(f, "mediation", (s) => sampleSum(s, "mediation_offers_expired_total") === 3, "3 expired offers");
    expect(sampleSum(mediation, "mediation_offers_made_total")).toBe(3);
    expect(
      sampleSum(mediation, "messaging_process_messages_total", {
        messaging_consumer_group_name: "mediation-dispute-routed",
        outcome: "ack",
      }),
    ).toBe(3);
    expect(sampleSum(mediation, "mediation_offers_waiting")).toBe(0);
    expect(sampleSum(mediation, "mediation_cases_open", { state: "AWAITING_MEDIATOR", channel: "PEOPLES_MEDIATION" })).toBe(3);
    expect(sampleSum(mediation, "mediation_queue_jobs", { queue: "case-timers", state: "failed" })).toBe(0);

    const routing = await scrape(f, "routing");
    expect(sampleSum(routing, "mediation_disputes_routed_total")).toBe(3);
    for (const service of SERVICE_NAMES) {
      const samples = await scrape(f, service);
      expect(sampleSum(samples, "mediation_outbox_waiting"), service).toBeDefined();
      expect(sampleSum(samples, "messaging_consumer_pending"), service).toBeDefined();
    }
  }, 60_000);

  it("shows a consumer's pending events rising while its service is down, and draining after its restart", async () => {
    const durable = { messaging_consumer_group_name: "routing-dispute-submitted" };
    await scrapeUntil(f, "intake", (s) => sampleSum(s, "messaging_consumer_pending", durable) === 0, "routing caught up");
    await f.centre.kill("routing", "SIGTERM");
    for (let i = 0; i < 4; i++) await submit(f, "JD01");
    // Intake reports every durable consumer of the stream, so routing's lag is seen while routing is down.
    const behind = await scrapeUntil(
      f,
      "intake",
      (s) => sampleSum(s, "messaging_consumer_pending", durable) === 4,
      "4 pending for routing",
    );
    expect(sampleSum(behind, "messaging_consumer_pending", durable)).toBe(4);
    await f.centre.restart("routing");
    await scrapeUntil(f, "routing", (s) => sampleSum(s, "messaging_consumer_pending", durable) === 0, "routing drained");
    const routing = await scrapeUntil(f, "routing", (s) => sampleSum(s, "mediation_disputes_routed_total") === 4, "4 routed after restart");
    expect(sampleSum(routing, "messaging_consumer_ack_pending", durable)).toBe(0);
  }, 90_000);

  it("exports every metric the dashboard's panels and the alert rules query", async () => {
    const exported = new Set<string>();
    for (const service of SERVICE_NAMES) for (const sample of await scrape(f, service)) exported.add(sample.name);
    const queries = [
      ...readDashboard().panels.flatMap((panel) => panel.targets.map((t) => ({ where: `panel "${panel.title}"`, expr: t.expr }))),
      ...ruleFileSchema
        .parse(readAlertRules())
        .groups.flatMap((g) => g.rules)
        .map((rule) => ({ where: `rule ${"alert" in rule ? rule.alert : rule.record}`, expr: rule.expr })),
    ];
    const missing = queries.flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(missing).toEqual([]);
  }, 30_000);
});
