// What the libraries under the centre can do on this machine, measured in the same run as the
// system so the ratios compare like with like: JetStream persisted publish and pull consume, a
// grpc-js unary echo, and one store transaction with full sync.
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { encodeEvent } from "@mediation/contracts";
import { defineCollection, SqliteStore } from "@mediation/store";
import { aDisputeSubmittedEvent, tempDir, uniqueName } from "@mediation/testkit";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { NATS_URL } from "./centre.js";
import { onCleanup } from "./cleanup.js";

export interface Rate {
  operations: number;
  seconds: number;
  perSecond: number;
}

const rate = (operations: number, ms: number): Rate => ({ operations, seconds: ms / 1000, perSecond: (operations / ms) * 1000 });

/** Runs `fn` on `concurrency` workers until `ms` has passed; counts what finished. */
async function forDuration(ms: number, concurrency: number, fn: (worker: number) => Promise<void>): Promise<Rate> {
  let done = 0;
  const began = performance.now();
  const until = began + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        await fn(worker);
        done++;
      }
    }),
  );
  return rate(done, performance.now() - began);
}

/**
 * Publishes events (a real dispute.submitted payload, with a message id as the outbox relay sends)
 * to a file-stored stream with `window` acknowledgements outstanding; then one durable pull
 * consumer reads and acknowledges all of them.
 */
export async function jetStreamCeilings(messages: number, window = 256): Promise<{ publish: Rate; consume: Rate }> {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const name = uniqueName("bench_ceiling");
  const stream = name.toUpperCase();
  await jsm.streams.add({ name: stream, subjects: [`${name}.>`] });
  // Undone newest first: the stream is deleted before the connection closes.
  onCleanup("the NATS connection of the ceilings", () => nc.close());
  onCleanup(`stream ${stream}`, () => jsm.streams.delete(stream));
  const payload = encodeEvent(aDisputeSubmittedEvent("d-ceiling"));
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < messages) {
        const i = next++;
        await js.publish(`${name}.dispute.submitted.v1`, payload, { msgID: `m${i}` });
      }
    }),
  );
  const publish = rate(messages, performance.now() - began);

  await jsm.consumers.add(stream, { durable_name: "ceiling", ack_policy: AckPolicy.Explicit });
  const consumer = await js.consumers.get(stream, "ceiling");
  const consumeBegan = performance.now();
  const iterator = await consumer.consume({ max_messages: 512 });
  let received = 0;
  for await (const message of iterator) {
    message.ack();
    if (++received === messages) break;
  }
  await nc.flush();
  const consume = rate(messages, performance.now() - consumeBegan);
  await iterator.close();
  return { publish, consume };
}

const bytes = { serialize: (b: Buffer) => b, deserialize: (b: Buffer) => b };
const ECHO: grpc.ServiceDefinition = {
  echo: {
    path: "/bench.Echo/Echo",
    requestStream: false,
    responseStream: false,
    requestSerialize: bytes.serialize,
    requestDeserialize: bytes.deserialize,
    responseSerialize: bytes.serialize,
    responseDeserialize: bytes.deserialize,
  },
};

/** A grpc-js unary call that echoes a submission-sized message, `concurrency` calls in flight, over loopback. */
export async function grpcEchoCeiling(ms: number, concurrency: number): Promise<Rate> {
  const server = new grpc.Server();
  server.addService(ECHO, { echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  const Client = grpc.makeGenericClientConstructor(ECHO, "Echo");
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    echo(req: Buffer, cb: (e: grpc.ServiceError | null, r: Buffer) => void): void;
  };
  const request = Buffer.alloc(400, 7);
  try {
    return await forDuration(
      ms,
      concurrency,
      () => new Promise<void>((resolve, reject) => client.echo(request, (e) => (e ? reject(e) : resolve()))),
    );
  } finally {
    client.close();
    server.forceShutdown();
  }
}

const DOCS = defineCollection<{ centreCode: string; payload: string }>("docs", { indexes: ["centreCode"] });

/** One transaction after another, each writing one document, on the embedded store (WAL, each commit synced before it is answered). */
export async function storeCeiling(ms: number): Promise<Rate> {
  const dir = tempDir("bench-ceiling-store-");
  const store = SqliteStore.open(join(dir.path, "ceiling.sqlite"), [DOCS]);
  try {
    let i = 0;
    return await forDuration(ms, 1, () =>
      store.transaction(async (tx) => {
        await tx.collection(DOCS).put(`d${i++}`, { centreCode: "JD01", payload: "x".repeat(300) }, 0);
      }),
    );
  } finally {
    await store.close();
    dir.remove();
  }
}
