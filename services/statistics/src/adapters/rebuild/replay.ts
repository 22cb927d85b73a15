// A rebuild's replay: the stream read and counted, with the same code as live counting, into a
// scratch read model in a folder of its own, which the comparison reads and then removes.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { appliedRow, INBOX } from "@mediation/bus/outbox";
import { decodeEvent, type Event } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { SCRATCH_READ_MODEL_COLLECTIONS } from "../../application/collections.js";
import { countInto } from "../../application/counts.js";
import type { Replayed } from "../../application/rebuild.js";
import { countedOf } from "../nats/subscriptions.js";

/**
 * Events counted per group: the more per group, the fewer times each month's and scope's counts are
 * written (measured: 2,048 counted about a fifth faster than 256).
 */
const REPLAY_BATCH = 2048;
/**
 * Messages decoded at a time within a batch, their events recorded as applied in one statement (the
 * store's insertAbsent takes as many in one: its PER_INSERT). Few, so that little of what they decode
 * to is still alive, and copied, at a young-generation collection: over 40,000 events in one process,
 * a quarter less collection time than with 256.
 */
const DECODED_AT_ONCE = 32;
/** A rebuild's folder is named after the process that made it: `statistics-rebuild-<pid>-<random>`. */
const FOLDER = "statistics-rebuild-";

/** Reads the event history, handing over its messages' bytes in batches of up to `size` (EventBus.replay). */
export type ReadHistory = (onBatch: (messages: Uint8Array[]) => Promise<void>, size: number) => Promise<number>;

/**
 * Counts the history into a scratch read model (no savepoint per event: a failing event fails its
 * group, and so the rebuild) in a new folder under `parent`, with the counting code of the live
 * consumer (countInto). Exactly once as there: an event the stream holds twice (a relay re-published
 * it after a crash) counts once. But where the live consumer reads and writes its inbox row per event,
 * the replay records a few dozen events as applied in one statement and counts those that were not.
 */
export async function replayIntoScratch(read: ReadHistory, parent: string): Promise<Replayed> {
  const folder = mkdtempSync(join(parent, `${FOLDER}${process.pid}-`));
  let opened: SqliteStore | undefined;
  // The same on every path: after the comparison, and when the replay fails.
  const discard = async () => {
    try {
      await opened?.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  try {
    const model = SqliteStore.open(join(folder, "read-model.sqlite"), SCRATCH_READ_MODEL_COLLECTIONS, { scratch: true });
    opened = model;
    let eventsReplayed = 0;
    const inbox = model.collection(INBOX);
    await read(
      (messages) =>
        model.group(async () => {
          for (let i = 0; i < messages.length; i += DECODED_AT_ONCE) {
            const events = messages.slice(i, i + DECODED_AT_ONCE).flatMap(decoded);
            eventsReplayed += events.length;
            const counting = events.flatMap((event) => {
              const counted = countedOf(event);
              return counted ? [{ event, ...counted }] : [];
            });
            const fresh = await inbox.insertAbsent(counting.map(({ event }) => ({ id: event.id, doc: appliedRow(event) })));
            for (const { event, fact, note } of counting) {
              // Deleted as counted: a second copy in the same part counts once too.
              if (fresh.delete(event.id)) await model.transaction((tx) => countInto(tx, fact, note));
            }
          }
        }),
      REPLAY_BATCH,
    );
    return { eventsReplayed, model, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

/** The event, or none for a message that is not one (the stream holds only events, but a replay must not stop at a stray one). */
function decoded(data: Uint8Array): Event[] {
  try {
    return [decodeEvent(data)];
  } catch {
    return [];
  }
}

/**
 * At the service's start: removes the folders of rebuilds that a process no longer running left
 * behind (it was killed midway), and this process's own (a restarted container may have its pid).
 * Returns how many.
 */
export function removeLeftScratch(parent: string): number {
  mkdirSync(parent, { recursive: true });
  let removed = 0;
  for (const name of readdirSync(parent)) {
    const pid = Number(name.startsWith(FOLDER) ? name.slice(FOLDER.length).split("-")[0] : Number.NaN);
    if (!Number.isInteger(pid) || (pid !== process.pid && isRunning(pid))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
