import type { Event } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { compareReadModels, type Difference } from "./read-model.js";

export interface RebuildResult {
  eventsReplayed: number;
  differences: Difference[];
}

/**
 * Replays the whole event history into a fresh read model and compares it with the live one. The
 * live model is not changed. Events that arrive during the replay may show as differences.
 */
export async function rebuildAndCompare(
  live: DocumentStore,
  openScratch: () => DocumentStore,
  replay: (onEvent: (event: Event) => Promise<void>) => Promise<number>,
  count: (store: DocumentStore, event: Event) => Promise<void>,
): Promise<RebuildResult> {
  const fresh = openScratch();
  try {
    const eventsReplayed = await replay((event) => count(fresh, event));
    return { eventsReplayed, differences: await compareReadModels(live, fresh) };
  } finally {
    await fresh.close();
  }
}
