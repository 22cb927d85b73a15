// Every event in the namespace, turned into a fact and a note on its dispute's owner, counted once.
import { COUNTS_LINGER_MS, type EventBus, type Subscription } from "@mediation/bus";
import type { Event } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { recordEvent } from "../../application/counts.js";
import type { DisputeNote } from "../../application/owners.js";
import type { Fact } from "../../domain/tally.js";
import { factOf } from "./facts.js";
import { noteOf } from "./notes.js";

export { factOf };

/** What an event counts: a fact for the report, a note on its dispute's owner, or nothing (undefined). */
export function countedOf(event: Event): { fact: Fact | undefined; note: DisputeNote | undefined } | undefined {
  const fact = factOf(event);
  const note = noteOf(event);
  return fact || note ? { fact, note } : undefined;
}

/** Counts one event into a store, if it counts anything. */
export async function countEvent(store: DocumentStore, event: Event): Promise<void> {
  const counted = countedOf(event);
  if (counted) await recordEvent(store, event, counted.fact, counted.note);
}

export const STATISTICS_DURABLE = "statistics-all-events";

export async function subscribeStatistics(bus: EventBus, store: DocumentStore): Promise<Subscription[]> {
  // Counts for a monthly report: a tenth of a second later, and many events to a commit at a moderate rate.
  const all = await bus.subscribe({
    durable: STATISTICS_DURABLE,
    kind: "all",
    lingerMs: COUNTS_LINGER_MS,
    handle: (event) => countEvent(store, event),
  });
  return [all];
}
