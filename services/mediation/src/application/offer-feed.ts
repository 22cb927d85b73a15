// Live offers for the WatchAssignments streams connected to this replica, fed by the `offer.made`
// events every replica follows. The store stays the source of truth: a stream that connects reads
// its pending offers from the store first, then listens here.
import { EventEmitter } from "node:events";
import type { Case } from "../domain/case.js";

export class OfferFeed {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  announce(offered: Case): void {
    this.emitter.emit(offered.holderId, offered);
  }

  /** Whether a stream on this replica is watching the mediator's offers. */
  isWatched(mediatorId: string): boolean {
    return this.emitter.listenerCount(mediatorId) > 0;
  }

  /** An offer sent earlier was withdrawn with its dispute: streams stop showing it. */
  withdraw(mediatorId: string, offerId: string): void {
    this.emitter.emit(`${mediatorId}\u0000withdrawn`, offerId);
  }

  listenWithdrawals(mediatorId: string, onWithdrawn: (offerId: string) => void): () => void {
    const name = `${mediatorId}\u0000withdrawn`;
    this.emitter.on(name, onWithdrawn);
    return () => this.emitter.off(name, onWithdrawn);
  }

  listen(mediatorId: string, onOffer: (offered: Case) => void): () => void {
    this.emitter.on(mediatorId, onOffer);
    return () => this.emitter.off(mediatorId, onOffer);
  }
}
