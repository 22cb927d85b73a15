// At-least-once in, exactly-once effect (docs/architecture.md#inbox): a handler records the id of each event it
// applied in the same transaction as the effect, and skips an event it has already applied.
import type { Event } from "@mediation/contracts";
import { type Collections, type DocumentStore, defineCollection } from "@mediation/store";

export const INBOX = defineCollection<{ type: string; appliedAt: string }>("applied_events", { indexes: ["appliedAt"] });

/** The inbox's record that `event` was applied, now. */
export const appliedRow = (event: Event) => ({ type: event.type, appliedAt: new Date().toISOString() });

/**
 * Runs `apply` and records the event as applied, atomically. Returns false, without running it,
 * when the event was applied before. Two racing deliveries: one commits, the other's transaction
 * fails on the inbox row and its message is redelivered, then skipped.
 */
export function applyOnce(store: DocumentStore, event: Event, apply: (tx: Collections) => Promise<void>): Promise<boolean> {
  return store.transaction(async (tx) => {
    const inbox = tx.collection(INBOX);
    if (await inbox.get(event.id)) return false;
    await apply(tx);
    await inbox.put(event.id, appliedRow(event), 0);
    return true;
  });
}
