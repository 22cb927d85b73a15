// Batched consuming with group commit (docs/architecture.md#consumers): the messages that have
// arrived while the previous batch was applied are handled together, each in its own savepoint
// with its own inbox row, and committed in one store transaction (one fsync per batch). They are
// acknowledged only after that commit, and after the work their handlers left for it
// (Delivery.afterCommit), which runs with the store free. A failing handler undoes only its own
// savepoint and is retried on its own; if the commit itself fails, the batch is handled again one
// message at a time.
import type { EventKind } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { JsMsg } from "@nats-io/jetstream";
import { type Consumer, handle, type Settle } from "./delivery.js";

/** What batching needs of a store: group commit, and transactions that become savepoints in a group. */
export type GroupingStore = Pick<DocumentStore, "group" | "transaction">;

/** Most messages applied in one commit; also how many wait in hand while a batch is applied. */
export const BATCH_MAX = 64;
/**
 * Most milliseconds a batch takes messages for before it commits and lets the event loop turn: it
 * runs from one promise to the next, so gRPC calls and the other consumers wait meanwhile. With 64
 * slow messages a batch had stood still for 50–90 ms (docs/architecture.md#consumers).
 */
export const BATCH_HOLD_MS = 15;

/**
 * Takes messages from `messages` as they come and applies them in batches: at low load a batch is
 * one message and nothing waits for a batch to fill, unless the consumer lingers (its lingerMs).
 * Resolves when `messages` ends and what was in hand is applied.
 */
export async function consumeInBatches<K extends EventKind | "all">(
  messages: AsyncIterable<JsMsg>,
  consumer: Consumer<K>,
  store: GroupingStore,
): Promise<void> {
  const queue: JsMsg[] = [];
  let ended = false;
  let wakeApplier: (() => void) | undefined;
  let wakeReader: (() => void) | undefined;
  /** Ends a linger early: a full batch is in hand, or the messages ended (the consumer stops). */
  let endLinger: (() => void) | undefined;
  const linger = consumer.options.lingerMs ?? 0;
  const reader = (async () => {
    try {
      for await (const message of messages) {
        queue.push(message);
        wakeApplier?.();
        if (queue.length >= BATCH_MAX) endLinger?.();
        if (queue.length >= 2 * BATCH_MAX) await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    } finally {
      ended = true;
      wakeApplier?.();
      endLinger?.();
    }
  })();
  const applier = (async () => {
    for (;;) {
      if (queue.length === 0) {
        if (ended) return;
        await new Promise<void>((resolve) => (wakeApplier = resolve));
        wakeApplier = undefined;
        // A message with nothing else in hand: a consumer that may wait lets others join it.
        if (linger > 0 && !ended && queue.length < BATCH_MAX)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, linger);
            endLinger = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        endLinger = undefined;
        continue;
      }
      const batch = queue.splice(0, BATCH_MAX);
      wakeReader?.();
      wakeReader = undefined;
      // What a batch did not take in its time goes first in the next.
      queue.unshift(...(await applyBatch(batch, consumer, store)));
    }
  })();
  await Promise.all([reader, applier]);
}

const inSavepoint =
  (store: GroupingStore) =>
  <R>(fn: () => Promise<R>): Promise<R> =>
    store.transaction(() => fn());

/**
 * Applies a batch in one commit, then settles each message; falls back to one by one if the commit
 * fails. A batch takes messages for at most BATCH_HOLD_MS: it runs without returning to the event
 * loop, so requests wait meanwhile. Returns the messages it left, to apply next.
 */
export async function applyBatch<K extends EventKind | "all">(
  batch: JsMsg[],
  consumer: Consumer<K>,
  store: GroupingStore,
): Promise<JsMsg[]> {
  const unit = inSavepoint(store);
  let settles: Settle[] = [];
  let taken = batch.length;
  try {
    await store.group(async () => {
      settles = [];
      taken = batch.length;
      const began = performance.now();
      for (const [i, message] of batch.entries()) {
        if (i > 0 && performance.now() - began > BATCH_HOLD_MS) {
          taken = i;
          break;
        }
        settles.push(await handle(message, consumer, unit));
      }
    });
  } catch (error) {
    if (batch.length === 1) {
      // Nothing of it is stored: let it come back.
      consumer.log.warn({ err: (error as Error).message, sequence: batch[0]?.seq }, "commit failed; the message will be redelivered");
      batch[0]?.nak(1_000);
      return [];
    }
    consumer.log.warn({ err: (error as Error).message, size: taken }, "batch commit failed; applying one by one");
    for (const message of batch.slice(0, taken)) await applyBatch([message], consumer, store);
    return batch.slice(taken);
  }
  // Side by side: each message's work after the commit (Delivery.afterCommit) runs with the store free.
  await Promise.all(settles.map((settle) => settle()));
  return batch.slice(taken);
}
