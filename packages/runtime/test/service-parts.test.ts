// The parts every service shares, on a real store and the real NATS: the store in the service's own
// file, consumers applying inside the store's group commit, the relay publishing what the outbox
// holds, gRPC health, the stop order (gRPC, consumers, relay, NATS, store), and a part that cannot
// open named in the error.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { addToOutbox, EventBus, INBOX, OUTBOX } from "@mediation/bus";
import { commonSchema, loadConfig } from "@mediation/config";
import { checkHealth } from "@mediation/grpc-kit";
import { defineCollection, SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, type TempDir, tempDir, uniqueName, waitFor } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serviceHost } from "../src/index.js";
import { serviceParts } from "../src/service-parts.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const logger = createLogger("parts-test", "silent");
const EFFECTS = defineCollection<{ disputeId: string }>("effects", { indexes: [] });
const COLLECTIONS = [OUTBOX, INBOX, EFFECTS];

describe("a service's shared parts", () => {
  let namespace: string;
  let dir: TempDir;
  let inspector: EventBus;

  beforeEach(async () => {
    namespace = uniqueName("parts");
    dir = tempDir("service-parts-");
    inspector = await EventBus.connect({ url: NATS_URL, namespace, service: "inspector", logger });
  });

  afterEach(async () => {
    for (const stream of [inspector.streams.events, inspector.streams.deadLetter])
      await inspector.manager.streams.delete(stream).catch(() => undefined);
    await inspector.close();
    dir.remove();
  });

  it("opens the service's store, consumes in its group commit, relays its outbox, serves gRPC, and stops them in reverse", async () => {
    const config = loadConfig(commonSchema, { NATS_URL, EVENT_NAMESPACE: namespace, DATA_DIR: dir.path });
    const host = serviceHost(logger);
    const parts = serviceParts(host, "parts", config, logger);
    const store = await parts.openStore(COLLECTIONS);
    const file = join(dir.path, "parts.sqlite");
    expect(existsSync(file)).toBe(true);
    // A second connection sees only what is committed.
    const observer = SqliteStore.open(file, [EFFECTS]);
    const published: string[] = [];
    const { bus, eventsStored, checks } = await parts.connectBus(store, () => ({ onPublished: (e) => void published.push(e.id) }));

    const seenInHandler: unknown[] = [];
    let atConsumersStop: { grpc: boolean; nats: boolean } | undefined;
    const late = aDisputeSubmittedEvent("d-late");
    await parts.startConsumers(async () => {
      const subscription = await bus.subscribe({
        durable: "parts-effects",
        kind: "disputeSubmitted",
        handle: async (event) => {
          const id = event.payload.value.disputeId;
          await store.transaction((tx) => tx.collection(EFFECTS).put(id, { disputeId: id }, 0));
          seenInHandler.push(await observer.collection(EFFECTS).get(id));
        },
      });
      return [
        {
          stop: async () => {
            await subscription.stop();
            atConsumersStop = {
              grpc: await checkHealth(address, 500).catch(() => false),
              nats: await bus.ping(1_000).then(
                () => true,
                () => false,
              ),
            };
            // Added once the consumers have stopped: only a relay that stops after them, before NATS, sends it.
            await store.transaction((tx) => addToOutbox(tx, [late]));
          },
        },
      ];
    });
    const server = await parts.serveGrpc(0, () => [], checks);
    const address = `127.0.0.1:${server.port}`;
    expect(await waitFor(async () => ((await checkHealth(address)) ? true : undefined), { what: "SERVING" })).toBe(true);

    const event = aDisputeSubmittedEvent("d-1");
    await store.transaction((tx) => addToOutbox(tx, [event]));
    eventsStored();
    await waitFor(() => observer.collection(EFFECTS).get("d-1"), { what: "the consumer's effect, committed" });
    expect(published).toContain(event.id);
    // Inside the handler its write was not yet committed: the batch commits it after the handler.
    expect(seenInHandler).toEqual([undefined]);

    await host.stop("test");
    // gRPC stopped before the consumers; NATS was still up when they stopped.
    expect(atConsumersStop).toEqual({ grpc: false, nats: true });
    // The relay's last pass, after the consumers and before NATS was drained, sent the late event.
    expect(published).toContain(late.id);
    expect((await inspector.manager.streams.info(inspector.streams.events)).state.messages).toBe(2);
    // The store closed last.
    await expect(store.collection(OUTBOX).get("readiness")).rejects.toThrow();
    await observer.close();
  }, 30_000);

  it("names the part that cannot open, and still closes the store it had opened", async () => {
    const config = loadConfig(commonSchema, { NATS_URL: "nats://127.0.0.1:1", EVENT_NAMESPACE: namespace, DATA_DIR: dir.path });
    const host = serviceHost(logger);
    const parts = serviceParts(host, "parts", config, logger);
    const store = await parts.openStore(COLLECTIONS);
    await expect(parts.connectBus(store)).rejects.toThrow(/^could not open nats: /);
    await host.stop("start failed");
    await expect(store.collection(OUTBOX).get("readiness")).rejects.toThrow();
  }, 30_000);
});
