// NATS over TLS with client certificates (mutual TLS), configured the way a service is: NATS_URL and
// NATS_TLS_CA / NATS_TLS_CERT / NATS_TLS_KEY through the shared settings into EventBus.connect.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EventBus } from "@mediation/bus";
import { loadConfig, natsSchema, natsSettingsOf } from "@mediation/config";
import type { Event } from "@mediation/contracts";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, type TempDir, tempDir, waitFor } from "@mediation/testkit";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCertificates } from "../support/certificates.js";
import { type NatsServers, startNatsServer } from "../support/nats-servers.js";

const logger = createLogger("tls-test", "silent");

describe("NATS over mutual TLS from a service's configuration", () => {
  let certs: TempDir;
  let server: NatsServers;
  const file = (name: string) => join(certs.path, name);
  const settings = (env: Record<string, string>) =>
    natsSettingsOf(loadConfig(natsSchema, { NATS_URL: server.urls.replace("nats://", "tls://"), ...env }));

  beforeAll(async () => {
    certs = tempDir("nats-tls-");
    makeCertificates(certs.path);
    const conf = file("tls.conf");
    writeFileSync(
      conf,
      `tls {\n  cert_file: "${file("server.pem")}"\n  key_file: "${file("server.key")}"\n  ca_file: "${file("ca.pem")}"\n  verify: true\n}\n`,
    );
    server = await startNatsServer(conf, {});
  });

  afterAll(async () => {
    await server?.stop();
    certs?.remove();
  });

  it("carries events when the service trusts the CA and presents its certificate", async () => {
    const bus = await EventBus.connect({
      ...settings({ NATS_TLS_CA: file("ca.pem"), NATS_TLS_CERT: file("client.pem"), NATS_TLS_KEY: file("client.key") }),
      namespace: "tls",
      service: "intake",
      logger,
    });
    try {
      const received: Event[] = [];
      const subscription = await bus.subscribe({
        durable: "tls-test",
        kind: "disputeSubmitted",
        handle: async (e) => void received.push(e),
      });
      const event = aDisputeSubmittedEvent("tls-dispute");
      await bus.publish(event);
      await waitFor(async () => (received.length ? true : undefined), { what: "the event over TLS", timeoutMs: 10_000 });
      expect(received.map((e) => e.id)).toEqual([event.id]);
      await subscription.stop();
    } finally {
      await bus.close();
    }
  });

  it("is refused without trusting the server's CA, or without a client certificate", async () => {
    const noCa = EventBus.connect({
      ...settings({ NATS_TLS_CERT: file("client.pem"), NATS_TLS_KEY: file("client.key") }),
      namespace: "tls",
      service: "intake",
      logger,
    });
    await expect(noCa).rejects.toThrow(/cannot reach NATS.*certificate/);
    // Without a certificate of its own the TLS 1.3 handshake ends client-side; the server then
    // closes the connection, and the client is never connected.
    const { tls, url } = settings({ NATS_TLS_CA: file("ca.pem") });
    const attempt = connect({ servers: url, tls, reconnect: false, timeout: 5_000 });
    await expect(attempt.then((nc) => nc.flush().finally(() => nc.close()))).rejects.toThrow();
    // The server writes the line to its stderr, which the test may read after the socket closed.
    const refused = await waitFor(() => server.nodes[0]?.logs().find((l) => /TLS handshake error.*certificate/i.test(l)), {
      what: "the server's log of the refused handshake",
    });
    expect(refused).toMatch(/TLS handshake error.*certificate/i);
  });

  it("refuses a certificate without its key in the configuration", () => {
    expect(() => settings({ NATS_TLS_CERT: file("client.pem") })).toThrow(/NATS_TLS_CERT and NATS_TLS_KEY/);
  });
});
