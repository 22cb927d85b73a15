// Intake's changes read a document at its version and write it back in one transaction. When another
// writer committed first (an event moved the read model, or the same request came twice at once),
// the store refuses the write with a version conflict, and the change is simply tried once more: the
// second attempt sees what the first writer stored. The relay is woken only when something new was
// stored for it to publish.
import { VersionConflict } from "@mediation/store";

export async function onceMoreOnConflict<R extends { created: boolean }>(attempt: () => Promise<R>, eventsStored: () => void): Promise<R> {
  let result: R;
  try {
    result = await attempt();
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    result = await attempt();
  }
  if (result.created) eventsStored();
  return result;
}
