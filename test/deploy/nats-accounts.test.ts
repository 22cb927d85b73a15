// The deployed NATS accounts (deploy/nats/accounts.conf) on a real nats-server: the provisioning user
// creates the streams from deploy/nats/streams, each service works with its own credentials, and
// intake's credentials can do nothing beyond intake's work.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EventBus } from "@mediation/bus";
import { REPO_ROOT, type ServiceName } from "@mediation/cli";
import { common, EVENT_KINDS, encodeEvent } from "@mediation/contracts";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, waitFor } from "@mediation/testkit";
import { type JetStreamManager, jetstream, jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";
import { type NatsServers, startNatsServer } from "../support/nats-servers.js";

const NATS_DIR = join(REPO_ROOT, "deploy", "nats");
const ACCOUNTS = join(NATS_DIR, "accounts.conf");
const SERVICES: ServiceName[] = ["intake", "routing", "mediation", "statistics"];
const USERS = ["provisioner", ...SERVICES];
// nats-server reads a variable that starts with a digit as a number and refuses the file: each password starts with a letter.
const passwords = Object.fromEntries(USERS.map((u) => [u, `p${randomBytes(18).toString("hex")}`]));

/** The stream definitions Kubernetes and compose provision, read from deploy/nats/streams. */
function deployedStreams(): Array<Partial<StreamConfig> & { name: string }> {
  const dir = join(NATS_DIR, "streams");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
}

/** The block of accounts.conf that belongs to one user. */
const violationsIn = (servers: NatsServers) => servers.nodes.flatMap((n) => n.logs()).filter((l) => /violation/i.test(l));

function userBlock(conf: string, user: string): string {
  const start = conf.indexOf(`user: ${user},`);
  const next = conf.indexOf("user: ", start + 1);
  return conf.slice(start, next === -1 ? undefined : next);
}

describe("the deployed NATS accounts", () => {
  let servers: NatsServers;
  let f: CentreFixture;
  let admin: NatsConnection;
  let adminJsm: JetStreamManager;
  const violations = () => violationsIn(servers);

  beforeAll(async () => {
    servers = await startNatsServer(
      ACCOUNTS,
      Object.fromEntries(USERS.map((u) => [`${u.toUpperCase()}_NATS_PASSWORD`, passwords[u] as string])),
    );
    admin = await connect({ servers: servers.urls, user: "provisioner", pass: passwords.provisioner });
    adminJsm = await jetstreamManager(admin);
    // One server here: the deployed definitions ask for three replicas, a cluster's worth.
    for (const stream of deployedStreams()) await adminJsm.streams.add({ ...stream, num_replicas: 1 });
    f = await startTestCentre(
      { mediators: [{ mediatorId: "M-ACL-1", centreCode: "JD01", categories: ["FAMILY"] }] },
      { NATS_URL: servers.urls },
      {
        namespace: "mediation",
        serviceEnv: Object.fromEntries(SERVICES.map((s) => [s, { NATS_USER: s, NATS_PASSWORD: passwords[s] as string }])),
      },
      { url: servers.urls, user: "provisioner", pass: passwords.provisioner },
    );
  }, 120_000);

  afterAll(async () => {
    await f?.stop();
    await admin?.close();
    await servers?.stop();
  });

  it("lets each service publish exactly its own context's events", () => {
    const conf = readFileSync(ACCOUNTS, "utf8");
    for (const { context, type } of Object.values(EVENT_KINDS)) {
      const subject = `"mediation.${context}.${type}.v1"`;
      for (const service of SERVICES)
        expect(userBlock(conf, service).includes(subject), `${service} and ${subject}`).toBe(service === context);
    }
  });

  it("refuses a connection without credentials", async () => {
    await expect(connect({ servers: servers.urls, reconnect: false })).rejects.toThrow(/authorization/i);
  });

  it("runs the centre with each service's own credentials: a submitted dispute is offered", async () => {
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category: common.Category.CATEGORY_FAMILY }));
    const cases = await waitFor(
      async () => {
        const { cases } = await f.clients.listMyCases("M-ACL-1");
        return cases.some((c) => c.disputeId === dispute?.disputeId) ? cases : undefined;
      },
      { what: "the dispute offered to M-ACL-1", timeoutMs: 30_000 },
    );
    expect(cases.map((c) => c.disputeId)).toContain(dispute?.disputeId);
    // submitted, routed, offered: each service published under its own name, and was refused nothing.
    expect((await adminJsm.streams.info("MEDIATION_EVENTS")).state.messages).toBeGreaterThanOrEqual(3);
    expect(violations()).toEqual([]);
  });

  describe("with intake's credentials", () => {
    let nc: NatsConnection;
    let jsm: JetStreamManager;

    beforeAll(async () => {
      nc = await connect({ servers: servers.urls, user: "intake", pass: passwords.intake, inboxPrefix: "_INBOX.intake" });
      jsm = await jetstreamManager(nc);
    });
    afterAll(async () => {
      await nc?.close();
    });

    it("may read the stream's info (the connection works)", async () => {
      expect((await jsm.streams.info("MEDIATION_EVENTS")).config.name).toBe("MEDIATION_EVENTS");
    });

    it("cannot publish mediation.mediation.case.closed.v1, and nothing is stored", async () => {
      const before = (await adminJsm.streams.info("MEDIATION_EVENTS")).state.last_seq;
      const forged = encodeEvent(aDisputeSubmittedEvent("forged"));
      await expect(jetstream(nc).publish("mediation.mediation.case.closed.v1", forged, { timeout: 3_000 })).rejects.toThrow(/permission/i);
      expect((await adminJsm.streams.info("MEDIATION_EVENTS")).state.last_seq).toBe(before);
      // The server logs what it refused, so the services' clean run above means something.
      expect(violations().join("\n")).toMatch(/"intake".*mediation\.mediation\.case\.closed\.v1/);
    });

    it("cannot purge or delete the stream", async () => {
      const before = (await adminJsm.streams.info("MEDIATION_EVENTS")).state.messages;
      await expect(jsm.streams.purge("MEDIATION_EVENTS")).rejects.toThrow(/permission/i);
      await expect(jsm.streams.delete("MEDIATION_EVENTS")).rejects.toThrow(/permission/i);
      await expect(jsm.streams.delete("MEDIATION_DEADLETTER")).rejects.toThrow(/permission/i);
      expect((await adminJsm.streams.info("MEDIATION_EVENTS")).state.messages).toBe(before);
    });

    it("cannot create a stream: the bus says to provision it", async () => {
      const connecting = EventBus.connect({
        url: servers.urls,
        user: "intake",
        password: passwords.intake,
        namespace: "unprovisioned",
        service: "intake",
        logger: createLogger("intake", "silent"),
      });
      await expect(connecting).rejects.toThrow(/UNPROVISIONED_EVENTS is missing .*provisioning user/);
    });

    it("cannot read another service's consumer", async () => {
      for (const durable of ["routing-dispute-submitted", "mediation-dispute-routed", "statistics-all-events"])
        await expect(jsm.consumers.info("MEDIATION_EVENTS", durable)).rejects.toThrow(/permission/i);
    });
  });
});
