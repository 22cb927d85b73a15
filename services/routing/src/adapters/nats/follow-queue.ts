// The events routing follows for the supervisor's queue: cases nobody took (mediation) and withdrawn
// disputes (intake). case.closed is followed by routing-case-closed, which also routes onward.
import type { EventBus, Subscription } from "@mediation/bus";
import { categoryCodec, channelCodec, type Event, events } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { caseEscalated, caseMovedOn, disputeWithdrawn } from "../../application/follow-cases.js";
import { ESCALATION_REASONS, type Reason } from "../../domain/reasons.js";

const REASONS: Record<number, Reason> = {
  [events.EscalationReason.ESCALATION_REASON_OFFERS_EXHAUSTED]: ESCALATION_REASONS.OFFERS_EXHAUSTED,
  [events.EscalationReason.ESCALATION_REASON_NO_CANDIDATE]: ESCALATION_REASONS.NO_CANDIDATE,
};

const at = (event: Event, when: Date | undefined) => (when ?? event.occurredAt ?? new Date()).toISOString();

function known<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not known`);
  return value;
}

export async function subscribeQueue(bus: EventBus, store: DocumentStore, logger: Logger): Promise<Subscription[]> {
  /** case.assigned or offer.made: the case has a mediator, or is offered to one again. */
  const movedOn = async (
    event: Event,
    v: { caseId: string; disputeId: string; centreCode: string; category: number },
    when: Date | undefined,
    closedBy: "assigned" | "offered",
  ) => {
    const category = known(categoryCodec.toCode(v.category), `case ${v.caseId}'s category`);
    const moved = { caseId: v.caseId, disputeId: v.disputeId, centreCode: v.centreCode, category };
    await caseMovedOn(store, event, { ...moved, at: at(event, when), closedBy });
  };
  const escalated = await bus.subscribe({
    durable: "routing-case-escalated",
    kind: "caseEscalated",
    handle: async (event) => {
      const v = event.payload.value;
      const applied = await caseEscalated(store, event, {
        caseId: v.caseId,
        disputeId: v.disputeId,
        centreCode: v.centreCode,
        category: known(categoryCodec.toCode(v.category), `case ${v.caseId}'s category`),
        channel: known(channelCodec.toCode(v.channel), `case ${v.caseId}'s channel`),
        reason: (REASONS[v.reason] ?? ESCALATION_REASONS.OTHER).zh,
        reasonEn: (REASONS[v.reason] ?? ESCALATION_REASONS.OTHER).en,
        escalatedAt: at(event, v.escalatedAt),
      });
      if (applied) logger.info({ caseId: v.caseId, disputeId: v.disputeId }, "case waits for a supervisor");
    },
  });
  const assigned = await bus.subscribe({
    durable: "routing-case-assigned",
    kind: "caseAssigned",
    handle: (event) => movedOn(event, event.payload.value, event.payload.value.assignedAt, "assigned"),
  });
  const offered = await bus.subscribe({
    durable: "routing-offer-made",
    kind: "offerMade",
    handle: (event) => movedOn(event, event.payload.value, event.payload.value.offeredAt, "offered"),
  });
  const withdrawn = await bus.subscribe({
    durable: "routing-dispute-withdrawn",
    kind: "disputeWithdrawn",
    handle: async (event) => {
      const v = event.payload.value;
      const closed = await disputeWithdrawn(store, event, v.disputeId, v.withdrawnAt ?? event.occurredAt ?? new Date());
      if (closed) logger.info({ disputeId: v.disputeId, items: closed }, "withdrawn dispute left the queue");
    },
  });
  return [escalated, assigned, offered, withdrawn];
}
