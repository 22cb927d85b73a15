// Disputes stored before data keys existed (docs/architecture.md#sealed-personal-data): in the open (schema 1), or
// sealed directly with a ring key (`k1:...`, withdrawal reasons too). At start intake reads each such record through
// the sealing store and writes it back, so it is sealed under its dispute's data key like every new one, and a
// rotated-out key is no longer needed for it. Each record moves in its own transaction at its version; a record
// changed meanwhile is left for the next start. Records already in the new form are skipped, so it resumes. A pass
// that left nothing behind is recorded in MIGRATIONS, and later starts skip the scan: start-up work does not grow
// with closed history (issue 14). Every record this version writes is sealed the new way, so none can appear after.
import { type CollectionSpec, type DocumentStore, type Stored, VersionConflict } from "@mediation/store";
import { DISPUTES, MIGRATIONS, PROGRESS } from "./collections.js";

const DONE = "sealing-under-data-keys";

const isEnvelope = (value: unknown) => typeof value === "string" && value.startsWith("dk.");

/** True for a raw record (as stored) that is not yet sealed under a data key. */
export function sealedTheOldWay(row: Record<string, unknown>): boolean {
  if ("sealed" in row) return !isEnvelope(row.sealed);
  if (Array.isArray(row.parties)) return true; // schema 1: a dispute in the open
  return typeof row.withdrawalReason === "string" && row.withdrawalReason !== "";
}

/** Returns how many records were sealed anew. `raw` is the store itself, `sealed` the sealing store over it. */
export async function upgradeSealing(raw: DocumentStore, sealed: DocumentStore, batch = 200): Promise<number> {
  if (await raw.collection(MIGRATIONS).get(DONE)) return 0;
  let upgraded = 0;
  let left = 0;
  for (const spec of [DISPUTES, PROGRESS] as Array<CollectionSpec<object>>) {
    let after = "";
    for (;;) {
      const rows = await raw
        .collection(spec)
        .find({ ...(after ? { range: { field: "id", gt: after } } : {}), sort: { field: "id" }, limit: batch });
      if (rows.length === 0) break;
      for (const row of rows) {
        after = row.id;
        if (!sealedTheOldWay(row as Record<string, unknown>)) continue;
        const moved = await sealed
          .transaction(async (tx) => {
            const found = await tx.collection(spec).get(row.id);
            if (!found || found.version !== row.version) return false;
            const { id: _id, version, ...doc } = found as Stored<object>;
            await tx.collection(spec).put(row.id, doc, version);
            return true;
          })
          .catch((error: unknown) => {
            if (error instanceof VersionConflict) return false;
            throw error;
          });
        if (moved) upgraded += 1;
        else left += 1;
      }
    }
  }
  if (left === 0) await raw.collection(MIGRATIONS).put(DONE, { doneAt: new Date().toISOString() }, 0).catch(ignoreConflict);
  return upgraded;
}

function ignoreConflict(error: unknown): void {
  if (!(error instanceof VersionConflict)) throw error;
}
