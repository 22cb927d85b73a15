// Spans reach an OpenTelemetry collector over OTLP/HTTP: here a local HTTP server stands in for
// the collector (it is outside the system), and the real exporter sends to it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { startTracing, stopTracing, tracer } from "../src/index.js";

describe("trace export", () => {
  it("sends the service's spans to the configured OTLP endpoint", async () => {
    const received: Array<{ path: string; body: string }> = [];
    const collector = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ path: req.url ?? "", body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      await startTracing("intake-test", `http://127.0.0.1:${port}`);
      tracer("test").startSpan("SubmitDispute").end();
      await stopTracing();
      expect(received.map((r) => r.path)).toContain("/v1/traces");
      const body = received.map((r) => r.body).join("");
      expect(body).toContain("SubmitDispute");
      expect(body).toContain("intake-test");
    } finally {
      collector.close();
    }
  });
});
