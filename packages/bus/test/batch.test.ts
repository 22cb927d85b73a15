// Batched consumers with group commit, the relay's wake-ups, and pruning of applied-event ids.
import { AsyncLocalStorage } from "node:async_hooks";
import { join } from "node:path";
import type { Event } from "@mediation/contracts";
import { defineCollection, SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, tempDir, uniqueName, waitFor } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BATCH_HOLD_MS } from "../src/batch.js";
import { Housekeeping } from "../src/housekeeping.js";
import { addToOutbox, applyOnce, EventBus, INBOX, OUTBOX, OutboxRelay } from "../src/index.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const logger = createLogger("bus-test", "silent");
const EFFECTS = defineCollection<{ n: number }>("effects", { indexes: [] });
const submitted = (disputeId: string): Event => aDisputeSubmittedEvent(disputeId);

describe("batched consumers and relay over real NATS and the embedded store", () => {
  let namespace: string;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let bus: EventBus;

  beforeEach(async () => {
    namespace = uniqueName("batch");
    dir = tempDir();
    store = SqliteStore.open(join(dir.path, "s.sqlite"), [OUTBOX, INBOX, EFFECTS]);
    bus = await EventBus.connect({ url: NATS_URL, namespace, service: "test", logger, store });
  });

  afterEach(async () => {
    for (const stream of [bus.streams.events, bus.streams.deadLetter]) await bus.manager.streams.delete(stream).catch(() => undefined);
    await bus.close();
    await store.close();
    dir.remove();
  });

  const effect = (event: Event) =>
    applyOnce(store, event, async (tx) => {
      await tx.collection(EFFECTS).put(event.id, { n: 1 }, 0);
    });

  it("applies a batch that holds a poison message: the others commit and are acknowledged, the poison is dead-lettered", async () => {
    const sent = Array.from({ length: 40 }, (_, i) => submitted(`d-${i}`));
    // Published before the consumer exists, so that they arrive together and are applied as batches.
    for (const event of sent) await bus.publish(event);
    const poison = sent[7] as Event;
    const sub = await bus.subscribe({
      durable: "batched",
      kind: "disputeSubmitted",
      maxDeliver: 1,
      handle: async (event) => {
        await effect(event);
        if (event.id === poison.id) throw new Error("cannot be handled");
      },
    });
    await waitFor(async () => ((await bus.consumerLag("batched")).pending === 0 ? true : undefined));
    await waitFor(async () => ((await bus.manager.streams.info(bus.streams.deadLetter)).state.messages === 1 ? true : undefined));
    await sub.stop();
    // The poison's own writes were undone with its savepoint; everyone else's are there, once.
    expect(await store.collection(EFFECTS).count()).toBe(39);
    expect(await store.collection(EFFECTS).get(poison.id)).toBeUndefined();
    expect(await store.collection(INBOX).count()).toBe(39);
    // The 39 good ones are acknowledged; the poison is terminated (a NATS server before 2.10 keeps
    // a message terminated with a reason pending until its ack wait, so it may still count here).
    expect((await bus.consumerLag("batched")).ackPending).toBeLessThanOrEqual(1);
  });

  it("commits a batch once it has held the thread for BATCH_HOLD_MS, and applies what it left next, in order", async () => {
    const sent = Array.from({ length: 40 }, (_, i) => submitted(`slow-${i}`));
    for (const event of sent) await bus.publish(event);
    const applied: string[] = [];
    // How many had been applied at each commit: one entry per batch.
    const atCommits = new Set<number>();
    const sub = await bus.subscribe({
      durable: "slow",
      kind: "disputeSubmitted",
      handle: async (event, delivery) => {
        await effect(event);
        // Work that holds the thread, as counting or sealing does: 4 ms a message, 160 ms for all.
        for (const until = performance.now() + 4; performance.now() < until; );
        applied.push(event.id);
        delivery.afterCommit(() => void atCommits.add(applied.length));
      },
    });
    try {
      await waitFor(async () => ((await bus.consumerLag("slow")).pending === 0 && applied.length === 40 ? true : undefined));
    } finally {
      await sub.stop();
    }
    expect(applied).toEqual(sent.map((e) => e.id));
    expect(await store.collection(EFFECTS).count()).toBe(40);
    // At most about 4 messages a batch (15 ms at 4 ms each), so 8 batches or more; without the
    // limit the 40 arrive together and fill one or two.
    expect(BATCH_HOLD_MS).toBe(15);
    expect(atCommits.size).toBeGreaterThanOrEqual(8);
  });

  /** Subscribes a consumer that records, at each batch's commit, how many it had applied by then. */
  const countingBatches = async (durable: string, lingerMs?: number) => {
    const applied: string[] = [];
    const atCommits = new Set<number>();
    const sub = await bus.subscribe({
      durable,
      kind: "disputeSubmitted",
      ...(lingerMs === undefined ? {} : { lingerMs }),
      handle: async (event, delivery) => {
        await effect(event);
        applied.push(event.id);
        delivery.afterCommit(() => void atCommits.add(applied.length));
      },
    });
    return { applied, atCommits, sub };
  };

  it("lets a batch gather for lingerMs after a quiet spell, where a consumer without it applies each as it comes", async () => {
    const eager = await countingBatches("eager");
    const patient = await countingBatches("patient", 3_000);
    const sent = Array.from({ length: 10 }, (_, i) => submitted(`spread-${i}`));
    try {
      // One every 20 ms, about 200 ms in all: well inside the linger, apart for a consumer that does not wait.
      const began = performance.now();
      for (const event of sent) {
        await bus.publish(event);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await waitFor(async () => (eager.applied.length === 10 && patient.applied.length === 10 ? true : undefined));
      // The patient consumer applied nothing before its linger ran out.
      expect(performance.now() - began).toBeGreaterThanOrEqual(2_900);
    } finally {
      await eager.sub.stop();
      await patient.sub.stop();
    }
    expect(patient.applied).toEqual(sent.map((e) => e.id));
    expect([...patient.atCommits]).toEqual([10]);
    // Even on a busy machine, where a few arrive together, more than one.
    expect(eager.atCommits.size).toBeGreaterThanOrEqual(2);
  });

  it("applies what a lingering batch holds when the consumer stops, without waiting out the linger", async () => {
    const patient = await countingBatches("stopping", 30_000);
    await bus.publish(submitted("in-hand"));
    await waitFor(async () => ((await bus.consumerLag("stopping")).ackPending === 1 ? true : undefined));
    const stopping = performance.now();
    await patient.sub.stop();
    expect(performance.now() - stopping).toBeLessThan(5_000);
    expect(patient.applied).toHaveLength(1);
    expect(await store.collection(EFFECTS).count()).toBe(1);
  });

  it("runs a handler's work after its batch's commit with the store free, acknowledges after it, and drops it when the handler fails", async () => {
    const kept = submitted("d-work");
    const failing = submitted("d-fails");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const worked: string[] = [];
    const sub = await bus.subscribe({
      durable: "after-commit",
      kind: "disputeSubmitted",
      maxDeliver: 1,
      handle: async (event, delivery) => {
        await effect(event);
        delivery.afterCommit(async () => {
          worked.push(event.id);
          await held; // Redis answering slowly, say
        });
        if (event.id === failing.id) throw new Error("cannot be handled");
      },
    });
    await bus.publish(kept);
    await waitFor(() => (worked.length ? true : undefined), { what: "the work after the commit" });
    // The batch has committed and let go of the store: another writer commits while the work waits.
    const outside = store.transaction(async (tx) => tx.collection(EFFECTS).put("outside", { n: 2 }, 0));
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error("the store was held while the work waited")), 2_000));
    await Promise.race([outside, late]);
    expect(await store.collection(EFFECTS).get(kept.id)).toMatchObject({ n: 1 });
    expect((await bus.consumerLag("after-commit")).ackPending).toBe(1);
    release();
    await waitFor(async () => ((await bus.consumerLag("after-commit")).ackPending === 0 ? true : undefined));
    await bus.publish(failing);
    await waitFor(async () => ((await bus.manager.streams.info(bus.streams.deadLetter)).state.messages === 1 ? true : undefined));
    await sub.stop();
    expect(worked).toEqual([kept.id]);
  });

  it("runs each handler's work after the commit in the async context it was handed over in", async () => {
    const sent = Array.from({ length: 10 }, (_, i) => submitted(`ctx-${i}`));
    for (const event of sent) await bus.publish(event);
    const handler = new AsyncLocalStorage<string>();
    const seen = new Map<string, string | undefined>();
    const sub = await bus.subscribe({
      durable: "contexts",
      kind: "disputeSubmitted",
      handle: async (event, delivery) => {
        await effect(event);
        handler.run(event.id, () => delivery.afterCommit(() => void seen.set(event.id, handler.getStore())));
      },
    });
    try {
      await waitFor(() => (seen.size === sent.length ? true : undefined), { what: "every handler's work after the commit" });
    } finally {
      await sub.stop();
    }
    expect([...seen].filter(([id, context]) => id !== context)).toEqual([]);
  });

  it("acknowledges nothing whose commit failed: the message comes back and is applied once", async () => {
    // Another connection holds the write lock, so the first commit of the batch fails.
    const other = SqliteStore.open(join(dir.path, "s.sqlite"), [OUTBOX, INBOX, EFFECTS]);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = other.transaction(async () => {
      locked();
      await held;
    });
    await lockTaken;
    let calls = 0;
    const sub = await bus.subscribe({
      durable: "locked",
      kind: "disputeSubmitted",
      handle: async (event) => {
        calls++;
        await effect(event);
      },
    });
    const event = submitted("d-locked");
    await bus.publish(event);
    // busy_timeout is 5 s: the group's BEGIN fails after it, the message is not acknowledged.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await store.collection(EFFECTS).count()).toBe(0);
    release();
    await holding;
    await other.close();
    await waitFor(async () => ((await store.collection(EFFECTS).count()) === 1 ? true : undefined), { timeoutMs: 10_000 });
    await sub.stop();
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(await store.collection(INBOX).count()).toBe(1);
  }, 30_000);

  it("publishes events committed while a relay pass is under way without waiting for the poll", async () => {
    const relay = new OutboxRelay(store, bus, logger, { pollMs: 60_000 });
    relay.start();
    try {
      for (let i = 0; i < 30; i++) {
        await store.transaction((tx) => addToOutbox(tx, [submitted(`d-w${i}`)]));
        relay.wake();
      }
      await waitFor(async () => ((await bus.manager.streams.info(bus.streams.events)).state.messages === 30 ? true : undefined), {
        timeoutMs: 5_000,
      });
      await waitFor(async () => ((await store.collection(OUTBOX).count({ where: { status: "PENDING" } })) === 0 ? true : undefined), {
        timeoutMs: 5_000,
      });
    } finally {
      await relay.stop();
    }
  });

  it("prunes applied-event ids older than their retention in batches, and keeps the recent ones", async () => {
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2_500; i++) await tx.collection(INBOX).put(`old-${i}`, { type: "t", appliedAt: old }, 0);
    });
    await effect(submitted("d-recent"));
    const housekeeping = new Housekeeping(store, { keepAppliedMs: 7 * 86_400_000 });
    expect(await housekeeping.pruneApplied(new Date())).toBe(2_500);
    expect(await store.collection(INBOX).count()).toBe(1);
  });
});
