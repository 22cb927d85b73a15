// The reason to run NATS as a cluster, proved: three nats-server nodes, streams with three
// replicas, the four services connected to all three; the stream leader is SIGKILLed while disputes
// flow and started again later. Every dispute is offered once and counted once, and the time the
// system stalled is printed.

import { common, shanghaiMonth } from "@mediation/contracts";
import { isServiceError, status } from "@mediation/grpc-kit";
import { waitFor } from "@mediation/testkit";
import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";
import { type NatsServers, startNatsCluster } from "../support/nats-servers.js";

const MEDIATORS = ["C1", "C2", "C3"];
const TOTAL = 90;
const KILL_AT = 30;
const RESTART_AT = 60;

async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const transient = isServiceError(error) && (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED);
      if (!transient || attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe("a NATS cluster that loses a node", () => {
  let cluster: NatsServers;
  let f: CentreFixture;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    nc = await connect({ servers: cluster.urls.split(","), maxReconnectAttempts: -1 });
    // JetStream answers once the cluster has elected its meta leader.
    jsm = await waitFor(async () => jetstreamManager(nc).catch(() => undefined), { what: "a JetStream meta leader", timeoutMs: 30_000 });
    f = await startTestCentre(
      { mediators: MEDIATORS.map((mediatorId) => ({ mediatorId, centreCode: "JD01", categories: ["FAMILY"], maxOpenCases: 500 })) },
      { NATS_URL: cluster.urls, NATS_STREAM_REPLICAS: "3" },
      {},
      { url: cluster.urls },
    );
  }, 120_000);

  afterAll(async () => {
    await f?.stop();
    await nc?.close();
    await cluster?.stop();
  });

  it("offers and counts every dispute exactly once when the stream leader is killed and restarted", async () => {
    const stream = `${f.namespace.toUpperCase()}_EVENTS`;
    const info = await jsm.streams.info(stream);
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);

    // Watches offers land: the first time each case shows in a mediator's list.
    const firstSeen = new Map<string, number>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const m of MEDIATORS) {
          const cases = await f.clients.listMyCases(m).then(
            (r) => r.cases,
            () => [],
          );
          for (const c of cases) if (!firstSeen.has(c.disputeId)) firstSeen.set(c.disputeId, Date.now());
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const submitted = new Set<string>();
    let victim: (typeof cluster.nodes)[number] | undefined;
    let killedAt = 0;
    for (let i = 0; i < TOTAL; i++) {
      if (i === KILL_AT) {
        const leader = (await jsm.streams.info(stream)).cluster?.leader;
        victim = cluster.nodes.find((n) => n.name === leader);
        expect(victim, `stream leader ${leader} is one of ours`).toBeDefined();
        await victim?.kill("SIGKILL");
        killedAt = Date.now();
        console.log(`SIGKILLed the stream leader ${leader} after ${i} disputes`);
      }
      if (i === RESTART_AT && victim) {
        await victim.start();
        console.log(`restarted ${victim.name} ${Date.now() - killedAt} ms after the kill`);
      }
      const { dispute } = await retrying(() =>
        f.clients.submitDispute(aDispute({ centreCode: "JD01", category: common.Category.CATEGORY_FAMILY })),
      );
      submitted.add(dispute?.disputeId ?? "");
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(submitted.size).toBe(TOTAL);

    await waitFor(async () => (firstSeen.size >= TOTAL ? true : undefined), {
      what: `${TOTAL} offered disputes`,
      timeoutMs: 120_000,
    }).catch((error: Error) => {
      throw new Error(`${error.message}; offered ${firstSeen.size}`);
    });
    watching = false;
    await watcher;

    // Offered exactly once: one case per dispute across the mediators, and one offer.made each.
    const cases = (await Promise.all(MEDIATORS.map((m) => f.clients.listMyCases(m)))).flatMap((r) => r.cases);
    expect(cases).toHaveLength(TOTAL);
    expect(new Set(cases.map((c) => c.disputeId))).toEqual(submitted);
    expect(await f.events("disputeSubmitted")).toHaveLength(TOTAL);
    // A case is visible as soon as it commits; its offer.made follows from the outbox.
    const offers = await waitFor(
      async () => {
        const made = await f.events("offerMade");
        return made.length >= TOTAL ? made : undefined;
      },
      { what: `${TOTAL} offer.made events`, timeoutMs: 30_000 },
    );
    expect(offers).toHaveLength(TOTAL);
    expect(new Set(offers.map((e) => e.correlationId))).toEqual(submitted);

    // Counted exactly once: the report equals what the generator made.
    const month = shanghaiMonth(new Date());
    const report = await waitFor(
      async () => {
        const r = (await f.clients.monthlyReport(month)).report;
        return r?.figures?.received === TOTAL && r.figures.routedMediationFirst === TOTAL ? r : undefined;
      },
      { what: `a report of ${TOTAL} received and routed`, timeoutMs: 60_000 },
    );
    expect(report.figures).toMatchObject({ received: TOTAL, routedMediationFirst: TOTAL });

    // The restarted node catches up and serves as a replica again.
    await waitFor(
      async () => {
        const replicas = (await jsm.streams.info(stream)).cluster?.replicas ?? [];
        return replicas.length === 2 && replicas.every((r) => r.current) ? true : undefined;
      },
      { what: "every replica current again", timeoutMs: 60_000 },
    );

    const times = [...firstSeen.values()].sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const stalled = Math.max(...gaps);
    console.log(
      `NATS node loss: ${TOTAL} disputes offered and counted once; longest gap between consecutive offers ${stalled} ms ` +
        `(median ${gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]} ms); new stream leader ${(await jsm.streams.info(stream)).cluster?.leader}`,
    );
  }, 300_000);
});
