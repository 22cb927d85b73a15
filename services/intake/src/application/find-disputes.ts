import { NotFound, Violations } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";
import type { DisputeStorage } from "./ports.js";

export async function getDispute(store: DocumentStore, disputes: DisputeStorage, disputeId: string): Promise<Dispute> {
  new Violations().check(Boolean(disputeId), "dispute_id", "is required").throwIfAny();
  const found = await disputes.get(store, disputeId);
  if (!found) throw new NotFound(`no dispute ${disputeId}`);
  return found;
}

export interface DisputePage {
  disputes: Dispute[];
  /** The last dispute id of this page when there is another; opaque to clients. */
  nextAfter: string | undefined;
}

export const MAX_PAGE_SIZE = 200;

/** Disputes in submission order (ids are UUIDv7, so id order is time order). */
export async function listDisputes(
  store: DocumentStore,
  disputes: DisputeStorage,
  centreCode: string,
  pageSize: number,
  after: string | undefined,
): Promise<DisputePage> {
  new Violations().check(pageSize >= 0 && pageSize <= MAX_PAGE_SIZE, "page_size", `must be 1-${MAX_PAGE_SIZE}, or 0 for 50`).throwIfAny();
  const size = pageSize || 50;
  const rows = await disputes.page(store, centreCode, after, size + 1);
  const page = rows.slice(0, size);
  return { disputes: page, nextAfter: rows.length > size ? page.at(-1)?.disputeId : undefined };
}
