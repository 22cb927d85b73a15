// The supervisor's work queue: what waits for a person, oldest first, with its age on the service clock.
import { PermissionDenied, Violations } from "@mediation/contracts";
import type { DocumentStore, Stored } from "@mediation/store";
import { afterToken, ageSeconds, checkPageSize, pageToken, queueOrder, type WorkKind } from "../domain/work-queue.js";
import { type StoredWorkItem, WORK_ITEMS } from "./work-items.js";

/** Who asks: a centre's supervisor (their centre) or the district (centreCode ""). */
export interface Caller {
  subject: string;
  centreCode: string;
}

export interface QueueRequest {
  centreCode: string;
  kinds: WorkKind[];
  pageSize: number;
  pageToken: string;
}

export interface QueuePage {
  items: Array<{ item: Stored<StoredWorkItem>; ageSeconds: number }>;
  nextPageToken: string;
  total: number;
  oldestAgeSeconds: number;
}

export async function listWorkQueue(store: DocumentStore, caller: Caller, req: QueueRequest, now: Date): Promise<QueuePage> {
  const v = new Violations();
  const size = checkPageSize(v, req.pageSize);
  const after = afterToken(v, req.pageToken);
  v.throwIfAny();
  if (caller.centreCode && req.centreCode && req.centreCode !== caller.centreCode)
    throw new PermissionDenied(`this token supervises centre ${caller.centreCode}, not ${req.centreCode}`);
  const centre = caller.centreCode || req.centreCode;
  const kinds = new Set(req.kinds);
  const open = (await store.collection(WORK_ITEMS).find({ where: centre ? { open: true, centreCode: centre } : { open: true } }))
    .filter((i) => kinds.size === 0 || kinds.has(i.kind))
    .sort(queueOrder);
  const rest = after ? open.filter((i) => queueOrder(i, after) > 0) : open;
  const page = rest.slice(0, size);
  const last = page.at(-1);
  return {
    items: page.map((item) => ({ item, ageSeconds: ageSeconds(item.waitingSince, now) })),
    nextPageToken: rest.length > size && last ? pageToken(last) : "",
    total: open.length,
    oldestAgeSeconds: open[0] ? ageSeconds(open[0].waitingSince, now) : 0,
  };
}
