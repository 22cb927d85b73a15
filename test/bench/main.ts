// `pnpm bench`: what our layers cost over the libraries under them, each measured against a
// baseline in the same run. Figures are printed, not asserted: machines differ.
import { join } from "node:path";
import { addToOutbox, EventBus, INBOX, OUTBOX } from "@mediation/bus";
import { encodeEvent, subjectOf } from "@mediation/contracts";
import { defineCollection, SqliteStore } from "@mediation/store";
import { createLogger } from "@mediation/telemetry";
import { aDisputeSubmittedEvent, tempDir, uniqueName } from "@mediation/testkit";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import Database from "better-sqlite3";
import { measure, report } from "./measure.js";
import { reportCostBench } from "./report-cost.js";

const N = Number(process.env.BENCH_N ?? 2000);
const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";

const anEvent = (i: number) => aDisputeSubmittedEvent(`d${i}`);

async function storeBench(): Promise<void> {
  const dir = tempDir("bench-store-");
  try {
    const raw = new Database(join(dir.path, "raw.sqlite"));
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL");
    raw.exec(
      "CREATE TABLE d (id TEXT PRIMARY KEY, version INTEGER, doc TEXT); CREATE TABLE o (id TEXT PRIMARY KEY, version INTEGER, doc TEXT)",
    );
    const insertD = raw.prepare("INSERT INTO d VALUES (?, 1, ?)");
    const insertO = raw.prepare("INSERT INTO o VALUES (?, 1, ?)");
    const both = raw.transaction((i: number) => {
      insertD.run(`d${i}`, JSON.stringify({ centreCode: "JD01", category: "FAMILY", i }));
      insertO.run(`e${i}`, JSON.stringify({ status: "PENDING", event: "x".repeat(200) }));
    });
    const baseline = await measure("raw better-sqlite3: 2 inserts per transaction", N, () => {
      for (let i = 0; i < N; i++) both(i);
    });
    raw.close();

    const DISPUTES = defineCollection<{ centreCode: string; category: string; i: number }>("disputes", { indexes: ["centreCode"] });
    const store = SqliteStore.open(join(dir.path, "port.sqlite"), [DISPUTES, OUTBOX, INBOX]);
    const subject = await measure("store port: dispute + outbox event per tx", N, async () => {
      for (let i = 0; i < N; i++) {
        await store.transaction(async (tx) => {
          await tx.collection(DISPUTES).put(`d${i}`, { centreCode: "JD01", category: "FAMILY", i }, 0);
          await addToOutbox(tx, [anEvent(i)]);
        });
      }
    });
    await store.close();
    report("Embedded store: a state change with its outbox event (WAL, synchronous=FULL)", baseline, subject);
  } finally {
    dir.remove();
  }
}

async function busBench(): Promise<void> {
  const namespace = uniqueName("bench");
  const bus = await EventBus.connect({ url: NATS_URL, namespace, service: "bench", logger: createLogger("bench", "silent") });
  const nc = await connect({ servers: NATS_URL });
  const js = jetstream(nc);
  try {
    const events = Array.from({ length: N }, (_, i) => anEvent(i));
    const baseline = await measure("raw JetStream publish with msgID", N, async () => {
      for (const event of events)
        await js.publish(subjectOf(namespace, "disputeSubmitted"), encodeEvent(event), { msgID: `raw-${event.id}` });
    });
    const subject = await measure("EventBus.publish (headers, trace, msgID)", N, async () => {
      for (const event of events) await bus.publish(event);
    });
    report("Publishing events to JetStream, one at a time", baseline, subject);

    let received = 0;
    const done = new Promise<void>((resolve) => {
      void bus.subscribe({
        durable: "bench",
        kind: "disputeSubmitted",
        handle: async () => {
          received++;
          if (received === 2 * N) resolve();
        },
      });
    });
    const consume = await measure("EventBus durable consumer: decode, handle, ack", 2 * N, () => done);
    console.log(`\nConsuming: ${consume.perSecond.toFixed(0)} events/s (${consume.operations} events in ${consume.ms.toFixed(0)} ms)`);
  } finally {
    await bus.manager.streams.delete(bus.streams.events).catch(() => undefined);
    await bus.manager.streams.delete(bus.streams.deadLetter).catch(() => undefined);
    await bus.close();
    await nc.close();
  }
}

if (process.argv[2] === "system") {
  // `pnpm bench system`: the whole centre against its ceilings (test/bench/system/main.ts).
  await import("./system/main.js");
}
if (process.argv[2] === "checkpoint") {
  // `pnpm bench checkpoint`: the store's thread while its log is copied into the database (test/bench/checkpoint.ts).
  await import("./checkpoint.js");
}
if (process.argv[2] === "rebuild") {
  // `pnpm bench rebuild`: the rebuild's replay alone, from memory, against decoding (test/bench/rebuild.ts).
  await import("./rebuild.js");
  process.exit(0);
}
if (process.argv[2] === "intake") {
  // `pnpm bench intake`: intake's processor time per SubmitDispute (test/bench/intake.ts).
  await import("./intake.js");
}

console.log(`Benchmarks with N=${N} (set BENCH_N to change). Node ${process.version}.`);
await storeBench();
await busBench();
await reportCostBench(Number(process.env.BENCH_REPORT_DISPUTES ?? 3000));
process.exit(0);
