// The rebuild's counting thread (counting-thread.ts starts it): counts the replayed events into a
// scratch read model with the same code as live counting, each batch in one group (each event with
// its inbox row, one commit; a scratch store keeps no savepoint per event, so a failing event fails
// the group and the rebuild), and says when a batch is counted. It keeps
// the model in a file that the service opens to compare once the replay has ended.
import { parentPort, workerData } from "node:worker_threads";
import { decodeEvent, type Event } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { SCRATCH_READ_MODEL_COLLECTIONS } from "../../application/collections.js";
import { countEvent } from "../nats/subscriptions.js";
import { type FromCounter, type ToCounter, unpack } from "./messages.js";

const port = parentPort;
if (!port) throw new Error("count-worker.ts runs as a worker thread of the statistics service");
const say = (message: FromCounter) => port.postMessage(message);
// Opened at the first message, so that a failure to open is told like any other.
let model: SqliteStore | undefined;
let counted = 0;

async function take(message: ToCounter): Promise<void> {
  model ??= SqliteStore.open((workerData as { file: string }).file, SCRATCH_READ_MODEL_COLLECTIONS, { scratch: true });
  const store = model;
  if ("end" in message) {
    await store.close();
    return say({ ended: counted });
  }
  const batch = unpack(message.count);
  let events = 0;
  await store.group(async () => {
    for (const data of batch) {
      let event: Event;
      try {
        event = decodeEvent(data);
      } catch {
        continue;
      }
      await countEvent(store, event);
      events++;
    }
  });
  counted += events;
  say({ counted: events });
}

// One message at a time, in order: a batch is counted before the next begins.
let work = Promise.resolve();
port.on("message", (message: ToCounter) => {
  work = work.then(() => take(message)).catch((error: Error) => say({ failed: error.message }));
});
