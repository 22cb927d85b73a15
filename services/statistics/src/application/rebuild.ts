import type { DocumentStore } from "@mediation/store";
import { compareReadModels, type Difference } from "./compare-models.js";

export interface RebuildResult {
  eventsReplayed: number;
  differences: Difference[];
  /** Milliseconds of the replay, and of the comparison after it: where a rebuild's time went. */
  replayMs: number;
  compareMs: number;
}

/** The whole event history counted into a fresh read model, to compare with the live one and then discard. */
export interface Replayed {
  eventsReplayed: number;
  model: DocumentStore;
  discard(): Promise<void>;
}

/**
 * Replays the whole event history into a fresh read model (adapters/rebuild: with the same code as
 * live counting) and compares it with the live one. The live model is not changed. Events that
 * arrive during the replay may show as differences.
 */
export async function rebuildAndCompare(live: DocumentStore, replay: () => Promise<Replayed>): Promise<RebuildResult> {
  const began = performance.now();
  const replayed = await replay();
  const replayMs = performance.now() - began;
  try {
    const differences = await compareReadModels(live, replayed.model);
    return { eventsReplayed: replayed.eventsReplayed, differences, replayMs, compareMs: performance.now() - began - replayMs };
  } finally {
    await replayed.discard();
  }
}
