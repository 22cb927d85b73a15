// Every event in the namespace, turned into a fact and a note on its dispute's owner, counted once.
import type { EventBus, Subscription } from "@mediation/bus";
import type { Event } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { recordEvent } from "../../application/counts.js";
import { factOf } from "./facts.js";
import { noteOf } from "./notes.js";

export { factOf };

/** Counts one event into a store, if it states a fact the report counts. */
export async function countEvent(store: DocumentStore, event: Event): Promise<void> {
  const fact = factOf(event);
  const note = noteOf(event);
  if (fact || note) await recordEvent(store, event, fact, note);
}

export const STATISTICS_DURABLE = "statistics-all-events";

export async function subscribeStatistics(bus: EventBus, store: DocumentStore): Promise<Subscription[]> {
  const all = await bus.subscribe({ durable: STATISTICS_DURABLE, kind: "all", handle: (event) => countEvent(store, event) });
  return [all];
}
