import { join } from "node:path";
import { type Event, encodeEvent, events, newEvent, subjectOf } from "@mediation/contracts";
import { defineCollection, SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, tempDir, uniqueName, waitFor } from "@mediation/testkit";
import { jetstream } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addToOutbox, applyOnce, EventBus, INBOX, OUTBOX, OutboxRelay } from "../src/index.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const logger = createLogger("bus-test", "silent");

const EFFECTS = defineCollection<{ n: number }>("effects", { indexes: [] });
const submitted = (disputeId: string): Event => aDisputeSubmittedEvent(disputeId);

describe("event bus over real NATS JetStream", () => {
  let namespace: string;
  let bus: EventBus;

  beforeEach(async () => {
    namespace = uniqueName("bustest");
    bus = await EventBus.connect({ url: NATS_URL, namespace, service: "test", logger });
  });

  afterEach(async () => {
    for (const stream of [bus.streams.events, bus.streams.deadLetter]) await bus.manager.streams.delete(stream).catch(() => undefined);
    await bus.close();
  });

  it("delivers a published event to a durable consumer, once per publish of the same id", async () => {
    const received: string[] = [];
    const sub = await bus.subscribe({ durable: "roundtrip", kind: "disputeSubmitted", handle: async (e) => void received.push(e.id) });
    const event = submitted("d-1");
    await bus.publish(event);
    await bus.publish(event); // same Nats-Msg-Id: JetStream drops it
    await waitFor(() => (received.length >= 1 ? true : undefined));
    const info = await bus.manager.streams.info(bus.streams.events);
    expect(info.state.messages).toBe(1);
    await sub.stop();
    expect(received).toEqual([event.id]);
  });

  it("hands a kind's handler the payload of that kind, and skips another kind on its subject", async () => {
    const received: string[] = [];
    const sub = await bus.subscribe({
      durable: "typed",
      kind: "disputeSubmitted",
      // The payload is narrowed by kind: no `$case` check before reading its fields.
      handle: async (e) => void received.push(e.payload.value.disputeId),
    });
    const stray = newEvent(
      { $case: "caseClosed", value: events.CaseClosed.fromPartial({ disputeId: "stray" }) },
      { correlationId: "stray", causationId: "t" },
    );
    const nc = await connect({ servers: NATS_URL });
    await jetstream(nc).publish(subjectOf(namespace, "disputeSubmitted"), encodeEvent(stray));
    await nc.close();
    await bus.publish(submitted("d-typed"));
    await waitFor(() => (received.length ? true : undefined));
    await sub.stop();
    expect(received).toEqual(["d-typed"]);
  });

  it("retries a failing handler with back-off, then dead-letters it with the reason", async () => {
    let attempts = 0;
    const sub = await bus.subscribe({
      durable: "failing",
      kind: "disputeSubmitted",
      maxDeliver: 3,
      backoffMs: [50],
      handle: async () => {
        attempts++;
        throw new Error("store unavailable");
      },
    });
    await bus.publish(submitted("d-2"));
    const dead = await waitFor(async () => {
      const info = await bus.manager.streams.info(bus.streams.deadLetter);
      return info.state.messages === 1 ? info : undefined;
    });
    expect(dead.state.messages).toBe(1);
    expect(attempts).toBe(3);
    const letter = await bus.manager.streams.getMessage(bus.streams.deadLetter, { seq: 1 });
    expect(letter?.header.get("Mediation-Dead-Letter-Reason")).toContain("store unavailable");
    await sub.stop();
  });

  it("dead-letters a message that is not an event without blocking the ones after it", async () => {
    const received: string[] = [];
    const sub = await bus.subscribe({ durable: "poison", kind: "all", handle: async (e) => void received.push(e.id) });
    const nc = await connect({ servers: NATS_URL });
    const h = headers();
    await jetstream(nc).publish(`${namespace}.intake.dispute.submitted.v1`, new TextEncoder().encode("not protobuf at all"), {
      headers: h,
    });
    await nc.close();
    const good = submitted("d-3");
    await bus.publish(good);
    await waitFor(() => (received.includes(good.id) ? true : undefined));
    const info = await bus.manager.streams.info(bus.streams.deadLetter);
    expect(info.state.messages).toBe(1);
    await sub.stop();
  });

  it("hands a followed event to its handler while the handler of the one before still waits", async () => {
    // A live view's handler may wait for the store (mediation's reads the case behind the batch that
    // holds the connection): the events behind it must not wait out each such wait in turn.
    const started: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const follow = await bus.follow("disputeSubmitted", async (e) => {
      started.push(e.payload.value.disputeId);
      if (e.payload.value.disputeId === "d-held") await held;
    });
    await bus.publish(submitted("d-held"));
    await bus.publish(submitted("d-behind"));
    try {
      await waitFor(() => (started.includes("d-behind") ? true : undefined), { timeoutMs: 3_000, what: "the second event's handler" });
    } finally {
      release();
      await follow.stop();
    }
    expect(started).toEqual(["d-held", "d-behind"]);
  });

  it("waits, when stopped, for the followed events still in hand", async () => {
    let finished = false;
    const follow = await bus.follow("disputeSubmitted", async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished = true;
    });
    await bus.publish(submitted("d-slow"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await follow.stop();
    expect(finished).toBe(true);
  });

  it("carries the W3C traceparent from publisher to handler", async () => {
    const { startTracing } = await import("@mediation/telemetry");
    await startTracing("bus-test");
    const { trace, context } = await import("@opentelemetry/api");
    const seen: string[] = [];
    const sub = await bus.subscribe({
      durable: "traced",
      kind: "disputeSubmitted",
      handle: async () => void seen.push(trace.getActiveSpan()?.spanContext().traceId ?? ""),
    });
    const span = trace.getTracer("test").startSpan("submit");
    await context.with(trace.setSpan(context.active(), span), () => bus.publish(submitted("d-4")));
    span.end();
    await waitFor(() => (seen.length ? true : undefined));
    expect(seen[0]).toBe(span.spanContext().traceId);
    await sub.stop();
  });
});

describe("outbox and inbox", () => {
  let namespace: string;
  let bus: EventBus;
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;

  beforeEach(async () => {
    namespace = uniqueName("outbox");
    bus = await EventBus.connect({ url: NATS_URL, namespace, service: "test", logger });
    dir = tempDir();
    store = SqliteStore.open(join(dir.path, "s.sqlite"), [OUTBOX, INBOX, EFFECTS]);
  });

  afterEach(async () => {
    for (const stream of [bus.streams.events, bus.streams.deadLetter]) await bus.manager.streams.delete(stream).catch(() => undefined);
    await bus.close();
    await store.close();
    dir.remove();
  });

  it("publishes events committed to the outbox and marks them sent; a second relay pass publishes nothing new", async () => {
    const events = [submitted("d-10"), submitted("d-11")];
    await store.transaction((tx) => addToOutbox(tx, events));
    const relay = new OutboxRelay(store, bus, logger);
    expect(await relay.relayPending()).toBe(2);
    expect(await relay.relayPending()).toBe(0);
    expect(await store.collection(OUTBOX).count({ where: { status: "SENT" } })).toBe(2);
    expect((await bus.manager.streams.info(bus.streams.events)).state.messages).toBe(2);
  });

  it("fails the pass when a row cannot be marked sent for any reason but another relay's mark", async () => {
    await store.transaction((tx) => addToOutbox(tx, [submitted("d-14")]));
    // A second connection holds the database's write lock, so marking the row fails with "locked".
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
    try {
      await expect(new OutboxRelay(store, bus, logger).relayPending()).rejects.toThrow(/locked/);
    } finally {
      release();
      await holding;
      await other.close();
    }
    expect(await store.collection(OUTBOX).count({ where: { status: "PENDING" } })).toBe(1);
  }, 20_000);

  it("counts a row another relay marked first as sent, and goes on", async () => {
    await store.transaction((tx) => addToOutbox(tx, [submitted("d-15"), submitted("d-16")]));
    const [a, b] = [new OutboxRelay(store, bus, logger), new OutboxRelay(store, bus, logger)];
    const sent = await Promise.all([a.relayPending(), b.relayPending()]);
    expect(sent.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(2);
    expect(await store.collection(OUTBOX).count({ where: { status: "SENT" } })).toBe(2);
    expect((await bus.manager.streams.info(bus.streams.events)).state.messages).toBe(2);
  });

  it("removes sent rows once they are older than the retention, and never a pending one", async () => {
    await store.transaction((tx) => addToOutbox(tx, [submitted("d-20"), submitted("d-21")]));
    const relay = new OutboxRelay(store, bus, logger, { keepSentMs: 60_000 });
    await relay.relayPending();
    await store.transaction((tx) => addToOutbox(tx, [submitted("d-22")]));
    expect(await relay.pruneSent(new Date())).toBe(0);
    expect(await relay.pruneSent(new Date(Date.now() + 120_000))).toBe(2);
    expect(await store.collection(OUTBOX).count({ where: { status: "PENDING" } })).toBe(1);
    expect(await store.collection(OUTBOX).count()).toBe(1);
  });

  it("publishes nothing when the transaction that added the events rolled back", async () => {
    await expect(
      store.transaction(async (tx) => {
        await addToOutbox(tx, [submitted("d-12")]);
        throw new Error("validation failed after the event was added");
      }),
    ).rejects.toThrow();
    const relay = new OutboxRelay(store, bus, logger);
    expect(await relay.relayPending()).toBe(0);
  });

  it("applies an event's effect once however often it is delivered", async () => {
    const event = submitted("d-13");
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await applyOnce(store, event, (tx) =>
          tx
            .collection(EFFECTS)
            .increment("count", { n: 1 })
            .then(() => undefined),
        ),
      );
    }
    expect(results).toEqual([true, false, false]);
    expect((await store.collection(EFFECTS).get("count"))?.n).toBe(1);
  });
});
