// Replaying the event history: every message once, oldest first, in batches, up to what the stream held.
import { decodeEvent } from "@mediation/contracts";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, uniqueName } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventBus } from "../src/index.js";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const logger = createLogger("bus-test", "silent");

describe("EventBus.replay over real NATS JetStream", () => {
  let bus: EventBus;

  beforeEach(async () => {
    bus = await EventBus.connect({ url: NATS_URL, namespace: uniqueName("replay"), service: "test", logger });
  });

  afterEach(async () => {
    for (const stream of [bus.streams.events, bus.streams.deadLetter]) await bus.manager.streams.delete(stream).catch(() => undefined);
    await bus.close();
  });

  it("hands over every stored event's bytes once, in order, in batches of at most the size asked", async () => {
    const sent = Array.from({ length: 25 }, (_, i) => aDisputeSubmittedEvent(`d-${i}`));
    for (const event of sent) await bus.publish(event);
    const batches: string[][] = [];
    const read = await bus.replay(async (messages) => void batches.push(messages.map((data) => decodeEvent(data).id)), 10);
    expect(read).toBe(25);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(sent.map((e) => e.id));
  });

  it("stops at the last event stored when it was called, and waits for each batch to be taken", async () => {
    const sent = Array.from({ length: 6 }, (_, i) => aDisputeSubmittedEvent(`d-${i}`));
    for (const event of sent) await bus.publish(event);
    const seen: string[] = [];
    const read = await bus.replay(async (messages) => {
      // Published while the replay runs: after its end, so not part of it.
      await bus.publish(aDisputeSubmittedEvent(`late-${seen.length}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(...messages.map((data) => decodeEvent(data).id));
    }, 4);
    expect(read).toBe(6);
    expect(seen).toEqual(sent.map((e) => e.id));
  });

  it("reads nothing from an empty stream", async () => {
    const batches: Uint8Array[][] = [];
    expect(await bus.replay(async (messages) => void batches.push(messages))).toBe(0);
    expect(batches).toEqual([]);
  });
});
