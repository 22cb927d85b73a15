// A rebuild's replay: the stream read here, the events counted in a thread of their own into a
// scratch read model in a temporary folder, which the comparison then opens and removes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "@mediation/store";
import { SCRATCH_READ_MODEL_COLLECTIONS } from "../../application/collections.js";
import type { Replayed } from "../../application/rebuild.js";
import { CountingThread } from "./counting-thread.js";

/**
 * Events counted per group: the more per group, the fewer times each month's and scope's counts are
 * written (measured: 2,048 counted about a fifth faster than 256).
 */
const REPLAY_BATCH = 2048;

/** Reads the event history, handing over its messages' bytes in batches of up to `size` (EventBus.replay). */
export type ReadHistory = (onBatch: (messages: Uint8Array[]) => Promise<void>, size: number) => Promise<number>;

export async function replayIntoScratch(read: ReadHistory): Promise<Replayed> {
  const folder = mkdtempSync(join(tmpdir(), "statistics-rebuild-"));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  const file = join(folder, "read-model.sqlite");
  const counting = new CountingThread(file);
  try {
    await read((messages) => counting.count(messages), REPLAY_BATCH);
    const eventsReplayed = await counting.finish();
    const model = SqliteStore.open(file, SCRATCH_READ_MODEL_COLLECTIONS, { scratch: true });
    return {
      eventsReplayed,
      model,
      discard: async () => {
        await model.close();
        remove();
      },
    };
  } catch (error) {
    await counting.stop();
    remove();
    throw error;
  }
}
