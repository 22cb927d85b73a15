// A rebuild's replay: the stream read here, the events counted in a thread of their own into a
// scratch read model in a folder of its own, which the comparison reads and then removes.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
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
/** A rebuild's folder is named after the process that made it: `statistics-rebuild-<pid>-<random>`. */
const FOLDER = "statistics-rebuild-";

/** Reads the event history, handing over its messages' bytes in batches of up to `size` (EventBus.replay). */
export type ReadHistory = (onBatch: (messages: Uint8Array[]) => Promise<void>, size: number) => Promise<number>;

/** Counts the history into a scratch read model in a new folder under `parent`. */
export async function replayIntoScratch(read: ReadHistory, parent: string): Promise<Replayed> {
  const folder = mkdtempSync(join(parent, `${FOLDER}${process.pid}-`));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  let counting: CountingThread | undefined;
  try {
    counting = new CountingThread(join(folder, "read-model.sqlite"));
    await read((messages) => (counting as CountingThread).count(messages), REPLAY_BATCH);
    const eventsReplayed = await counting.finish();
    const model = SqliteStore.open(join(folder, "read-model.sqlite"), SCRATCH_READ_MODEL_COLLECTIONS, { scratch: true });
    return {
      eventsReplayed,
      model,
      discard: async () => {
        try {
          await model.close();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    await counting?.stop();
    remove();
    throw error;
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
