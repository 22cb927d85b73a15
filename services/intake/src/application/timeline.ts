// The progress read model: each event about a dispute adds its step, exactly once (the event id
// commits with the change). Intake answers GetDispute and ListDisputes from it without asking
// another service.
import { applyOnce } from "@mediation/bus/outbox";
import { type Event, NotFound } from "@mediation/contracts";
import type { Collections, DocumentStore, Stored } from "@mediation/store";
import { addStep, type Progress, type Step, startProgress } from "../domain/timeline.js";
import { PROGRESS } from "./collections.js";

const progressOf = (tx: Collections) => tx.collection(PROGRESS);

export function strip({ id: _id, version: _v, ...progress }: Stored<Progress>): Progress {
  return progress;
}

/** Stores a new dispute's progress; the submission's own transaction calls it. */
export async function createProgress(tx: Collections, progress: Progress): Promise<void> {
  await progressOf(tx).put(progress.disputeId, progress, 0);
}

export async function findProgress(tx: Collections, disputeId: string): Promise<Progress | undefined> {
  const found = await progressOf(tx).get(disputeId);
  return found ? strip(found) : undefined;
}

/** What the read model needs of a `dispute.submitted` event: it starts the progress when absent. */
export type Started = Parameters<typeof startProgress>[0] & { submittedAt: string };

/**
 * Applies one event's step. `dispute.submitted` starts the progress when it is absent (disputes
 * submitted before this read model existed are filled in from the event history) and is otherwise
 * skipped without a write; any other step for a dispute intake has not seen yet fails, and the bus
 * retries it after the submission. Answers whether it applied the event.
 */
export async function recordStep(store: DocumentStore, event: Event, disputeId: string, step: Step, started?: Started): Promise<boolean> {
  // A dispute's own dispute.submitted: the submission stored its progress in the same transaction as the
  // event, so there is nothing to apply, and no inbox row is needed to keep it from being applied twice.
  if (step.kind === "SUBMITTED" && (await progressOf(store).get(disputeId))) return false;
  return applyOnce(store, event, async (tx) => {
    const rows = progressOf(tx);
    const found = await rows.get(disputeId);
    if (!found) {
      if (!started) throw new NotFound(`no progress for dispute ${disputeId} yet`);
      const { submittedAt, ...facts } = started;
      await rows.put(facts.disputeId, startProgress(facts, submittedAt, event.id), 0);
      return;
    }
    if (step.kind === "SUBMITTED") return;
    const next = addStep(strip(found), step);
    if (next.steps.length !== found.steps.length) await rows.put(disputeId, next, found.version);
  });
}
