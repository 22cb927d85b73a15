// `pnpm bench:pipeline`: the bus and store layers the way the services chain them, without the
// domain: submit (a transaction with its outbox event, like intake) → a durable consumer that
// applies it once and adds an onward event to its outbox (like routing) → a durable consumer that
// applies that once (like mediation). Three stores with full sync, three relays, real JetStream.
// Prints throughput at saturation and latency at half that rate. Run it with `--cpu-prof` to profile.
import { join } from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { EventBus, OutboxRelay } from "@mediation/bus";
import { addToOutbox, applyOnce, INBOX, OUTBOX } from "@mediation/bus/outbox";
import { common, type Event, events, newEvent } from "@mediation/contracts";
import { defineCollection, SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, tempDir, uniqueName } from "@mediation/testkit";

const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const SATURATE = Number(process.env.BENCH_PIPELINE_N ?? 3000);
const PACED_SECONDS = Number(process.env.BENCH_PIPELINE_SECONDS ?? 10);
const CLIENTS = 16;
/** A fixed rate for the paced phase (disputes/s), e.g. to compare two versions at the same load; default half the saturated rate. */
const PACED_RATE = Number(process.env.BENCH_PIPELINE_RATE ?? 0);

const DOCS = defineCollection<{ n: number }>("docs", { indexes: [] });
const logger = createLogger("bench", "silent");

const routed = (disputeId: string, cause: Event): Event =>
  newEvent(
    {
      $case: "disputeRouted",
      value: events.DisputeRouted.fromPartial({
        disputeId,
        centreCode: "JD01",
        category: common.Category.CATEGORY_FAMILY,
        routedAt: new Date(),
      }),
    },
    { correlationId: disputeId, causationId: cause.id },
  );

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function stage(dir: string, namespace: string, name: string) {
  const store = SqliteStore.open(join(dir, `${name}.sqlite`), [DOCS, OUTBOX, INBOX]);
  const bus = await EventBus.connect({ url: NATS_URL, namespace, service: name, logger, store });
  const relay = new OutboxRelay(store, bus, logger);
  relay.start();
  return { store, bus, relay };
}

export async function pipelineBench(): Promise<void> {
  const namespace = uniqueName("pipe");
  const dir = tempDir("bench-pipeline-");
  const intake = await stage(dir.path, namespace, "intake");
  const routing = await stage(dir.path, namespace, "routing");
  const mediation = await stage(dir.path, namespace, "mediation");
  const submittedAt = new Map<string, number>();
  const latencies: number[] = [];
  let arrived = 0;
  let onArrival: (() => void) | undefined;
  const subscriptions = [
    await routing.bus.subscribe({
      durable: "routing",
      kind: "disputeSubmitted",
      handle: async (event) => {
        await applyOnce(routing.store, event, (tx) => addToOutbox(tx, [routed(event.payload.value.disputeId, event)]));
        routing.relay.wake();
      },
    }),
    await mediation.bus.subscribe({
      durable: "mediation",
      kind: "disputeRouted",
      handle: async (event) => {
        const id = event.payload.value.disputeId;
        const applied = await applyOnce(mediation.store, event, (tx) =>
          tx
            .collection(DOCS)
            .put(id, { n: 1 }, 0)
            .then(() => undefined),
        );
        if (!applied) return;
        latencies.push(performance.now() - (submittedAt.get(id) ?? 0));
        arrived++;
        onArrival?.();
      },
    }),
  ];
  let next = 0;
  const submit = async () => {
    const id = `d${next++}`;
    submittedAt.set(id, performance.now());
    await intake.store.transaction(async (tx) => {
      await tx.collection(DOCS).put(id, { n: 0 }, 0);
      await addToOutbox(tx, [aDisputeSubmittedEvent(id)]);
    });
    intake.relay.wake();
  };
  const arrivedAll = (count: number) =>
    new Promise<void>((resolve) => {
      onArrival = () => arrived >= count && resolve();
      onArrival();
    });
  try {
    // Saturation: 16 clients submitting as fast as they can.
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < SATURATE) await submit();
      }),
    );
    await arrivedAll(SATURATE);
    const seconds = (performance.now() - start) / 1000;
    const rate = SATURATE / seconds;
    const saturated = [...latencies].sort((a, b) => a - b);
    console.log(`\nPipeline (3 stores, 2 consumers, 3 relays): ${SATURATE} disputes in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} /s`);
    console.log(`  latency at saturation: p50 ${percentile(saturated, 50).toFixed(1)} ms, p99 ${percentile(saturated, 99).toFixed(1)} ms`);

    // Half that rate, paced.
    latencies.length = 0;
    const half = PACED_RATE || rate / 2;
    const total = Math.round(half * PACED_SECONDS);
    // Where the tail comes from: how long the event loop was blocked (long synchronous steps) and GC pauses.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const gcPauses: number[] = [];
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses.push(entry.duration);
    });
    gc.observe({ entryTypes: ["gc"] });
    loop.enable();
    const paceStart = performance.now();
    for (let i = 0; i < total; i++) {
      const due = paceStart + (i * 1000) / half;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      void submit();
    }
    await arrivedAll(SATURATE + total);
    loop.disable();
    gc.disconnect();
    const paced = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(paced, 50);
    const p99 = percentile(paced, 99);
    console.log(
      `  paced at ${PACED_RATE ? "a fixed" : "half the"} rate (${half.toFixed(0)} /s for ${PACED_SECONDS} s): p50 ${p50.toFixed(1)} ms, p90 ${percentile(paced, 90).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${(p99 / p50).toFixed(1)} × p50)`,
    );
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(
      `  event loop delay p50 ${ms(loop.percentile(50))} ms, p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms; ` +
        `GC ${gcPauses.length} pauses, longest ${Math.max(0, ...gcPauses).toFixed(1)} ms, total ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
    );
    console.log(`  RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (all three stages in this process)`);
  } finally {
    for (const s of subscriptions) await s.stop();
    for (const s of [intake, routing, mediation]) {
      await s.relay.stop();
      await s.store.close();
    }
    await intake.bus.manager.streams.delete(intake.bus.streams.events).catch(() => undefined);
    await intake.bus.manager.streams.delete(intake.bus.streams.deadLetter).catch(() => undefined);
    for (const s of [intake, routing, mediation]) await s.bus.close();
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await pipelineBench();
  process.exit(0);
}
