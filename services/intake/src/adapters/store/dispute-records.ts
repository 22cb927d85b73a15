// Disputes in intake's store, with the parties and the summary sealed; the rest stays queryable.
import type { Collections } from "@mediation/store";
import { DISPUTES, type DisputeRecord } from "../../application/collections.js";
import type { DisputeStorage } from "../../application/ports.js";
import type { Dispute } from "../../domain/dispute.js";
import type { PiiCipher } from "./pii-cipher.js";

type Sensitive = Pick<Dispute, "parties" | "summary">;

export class DisputeRecords implements DisputeStorage {
  constructor(private readonly cipher: PiiCipher) {}

  async get(tx: Collections, disputeId: string): Promise<Dispute | undefined> {
    const found = await tx.collection(DISPUTES).get(disputeId);
    return found ? this.open(found) : undefined;
  }

  async create(tx: Collections, dispute: Dispute): Promise<void> {
    const { parties, summary, ...open } = dispute;
    await tx
      .collection(DISPUTES)
      .put(dispute.disputeId, { ...open, sealed: this.cipher.seal({ parties, summary } satisfies Sensitive) }, 0);
  }

  private open(record: DisputeRecord & { id: string; version: number }): Dispute {
    const { id: _id, version: _v, ...rest } = record;
    if (!("sealed" in rest)) return rest as Dispute;
    const { sealed, ...open } = rest;
    return { ...open, ...this.cipher.open<Sensitive>(sealed) } as Dispute;
  }
}
