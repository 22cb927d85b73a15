// One trace per dispute, across the processes: the services export spans over OTLP/HTTP (JSON) to a
// receiver in this test, and one dispute's submit, routing, offer, its delivery on the assignment
// stream, the accept and the close are all found in one trace.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { common, type mediation } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
  links: string[];
}

type Attribute = { key: string; value: { stringValue?: string } };
interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: Attribute[] };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; name: string; links?: Array<{ traceId: string }> }> }>;
  }>;
}

/** A tiny OTLP/HTTP receiver: stores every span posted to /v1/traces as JSON. */
function otlpReceiver(spans: ReceivedSpan[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url !== "/v1/traces" || !request.headers["content-type"]?.includes("json")) {
        response.writeHead(415).end("this receiver takes OTLP/HTTP JSON on /v1/traces");
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpTraces;
      for (const resource of body.resourceSpans ?? []) {
        const service = resource.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue ?? "?";
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({ service, traceId: span.traceId, name: span.name, links: (span.links ?? []).map((l) => l.traceId) });
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("one trace per dispute", () => {
  let f: CentreFixture;
  let receiver: Server;
  const spans: ReceivedSpan[] = [];

  beforeAll(async () => {
    receiver = await otlpReceiver(spans);
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    f = await startTestCentre(
      { mediators: [{ mediatorId: "A", centreCode: "JD01", categories: ["FAMILY"] }] },
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: "200" },
    );
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
    receiver?.close();
  });

  it("follows a dispute from submit through the offer, accept and close in one trace across the services", async () => {
    const offers: mediation.Offer[] = [];
    const stopWatching = f.clients.watchAssignments("A", (offer) => offers.push(offer));
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category: common.Category.CATEGORY_FAMILY }));
    const disputeId = dispute?.disputeId ?? "";
    const offer = await waitFor(() => offers.find((o) => o.disputeId === disputeId), { what: "the offer to A" });
    stopWatching();
    await f.clients.acceptOffer("A", offer.offerId);
    await f.clients.closeCase({
      mediatorId: "A",
      caseId: offer.caseId,
      outcome: common.Outcome.OUTCOME_NO_AGREEMENT,
      partiesToldOfOtherRoutes: true,
    });

    const submit = await waitFor(() => spans.find((s) => s.service === "intake" && s.name.endsWith("/SubmitDispute")), {
      what: "the SubmitDispute span",
    });
    const traceId = submit.traceId;
    const inTrace = () => spans.filter((s) => s.traceId === traceId);
    const has = (service: string, name: string) => inTrace().some((s) => s.service === service && s.name === name);
    const wanted: Array<[string, string]> = [
      ["routing", "process dispute.submitted"],
      ["mediation", "process dispute.routed"],
      ["mediation", "publish offer.made"],
      ["mediation", "deliver offer"],
      ["mediation", "publish offer.accepted"],
      ["mediation", "publish case.closed"],
      ["routing", "process case.closed"],
      ["statistics", "process case.closed"],
    ];
    await waitFor(() => (wanted.every(([service, name]) => has(service, name)) ? true : undefined), {
      what: `every step in trace ${traceId}`,
      timeoutMs: 20_000,
    }).catch((error: Error) => {
      const seen = inTrace().map((s) => `${s.service}: ${s.name}`);
      throw new Error(`${error.message}\nmissing: ${wanted.filter(([s, n]) => !has(s, n)).join("; ")}\nin the trace: ${seen.join("; ")}`);
    });
    // The accept and the close are steps of the case in the dispute's trace, linked to their gRPC calls.
    const steps = inTrace().filter((s) => s.name === "mediation case change");
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const callTraces = spans.filter((s) => /\/(AcceptOffer|CloseCase)$/.test(s.name)).map((s) => s.traceId);
    expect(steps.flatMap((s) => s.links).filter((id) => callTraces.includes(id)).length).toBeGreaterThanOrEqual(2);
    // And every event stored about the dispute carries the same trace.
    const stored = await f.traceIds(disputeId);
    expect(Object.keys(stored).length).toBeGreaterThanOrEqual(5);
    expect(new Set(Object.values(stored))).toEqual(new Set([traceId]));
  }, 60_000);
});
