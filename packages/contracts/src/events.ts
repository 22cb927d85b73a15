// The event envelope (docs/architecture.md#events): one proto `Event` per NATS message, its subject derived from
// the payload's kind as `<namespace>.<context>.<event>.v1`.
import { v7 as uuidv7 } from "uuid";
import { Event } from "./gen/mediation/events/v1/events.js";

export type EventPayload = NonNullable<Event["payload"]>;
export type EventKind = EventPayload["$case"];
export type PayloadOf<K extends EventKind> = Extract<EventPayload, { $case: K }>["value"];
/** An event whose payload is known to be of kind K. */
export type EventOf<K extends EventKind> = Event & { payload: Extract<EventPayload, { $case: K }> };

export function isEventOf<K extends EventKind>(event: Event, kind: K): event is EventOf<K> {
  return event.payload?.$case === kind;
}

/** Which bounded context publishes each event, and its dotted name. */
export const EVENT_KINDS: Record<EventKind, { context: string; type: string }> = {
  disputeSubmitted: { context: "intake", type: "dispute.submitted" },
  disputeRouted: { context: "routing", type: "dispute.routed" },
  offerMade: { context: "mediation", type: "offer.made" },
  offerAccepted: { context: "mediation", type: "offer.accepted" },
  caseClosed: { context: "mediation", type: "case.closed" },
  caseEscalated: { context: "mediation", type: "case.escalated" },
  riskAlertRaised: { context: "routing", type: "risk.alert_raised" },
  offerDeclined: { context: "mediation", type: "offer.declined" },
  offerExpired: { context: "mediation", type: "offer.expired" },
  sessionRecorded: { context: "mediation", type: "case.session_recorded" },
  deadlineExtended: { context: "mediation", type: "case.deadline_extended" },
  deadlineApproaching: { context: "mediation", type: "case.deadline_approaching" },
  caseOverdue: { context: "mediation", type: "case.overdue" },
  confirmationWindowClosing: { context: "mediation", type: "case.confirmation_window_closing" },
  mediatorChanged: { context: "mediation", type: "roster.mediator_changed" },
  reportMonthlyPublished: { context: "statistics", type: "report.monthly_published" },
  disputeWithdrawn: { context: "intake", type: "dispute.withdrawn" },
  offerWithdrawn: { context: "mediation", type: "offer.withdrawn" },
  caseAssigned: { context: "mediation", type: "case.assigned" },
  caseReassigned: { context: "mediation", type: "case.reassigned" },
  escalationAcknowledged: { context: "routing", type: "dispute.escalation_acknowledged" },
  riskAlertAcknowledged: { context: "routing", type: "risk.alert_acknowledged" },
  guidanceRecorded: { context: "intake", type: "dispute.guidance_recorded" },
};

/** The default subject namespace; tests use their own so that runs never collide. */
export const DEFAULT_NAMESPACE = "mediation";

export function subjectOf(namespace: string, kind: EventKind): string {
  const { context, type } = EVENT_KINDS[kind];
  return `${namespace}.${context}.${type}.v1`;
}

export interface EventIds {
  /** The dispute the event is about. */
  correlationId: string;
  /** The event or request that caused it. */
  causationId: string;
}

export function newEvent(payload: EventPayload, ids: EventIds, occurredAt: Date = new Date()): Event {
  return {
    id: uuidv7(),
    type: EVENT_KINDS[payload.$case].type,
    occurredAt,
    correlationId: ids.correlationId,
    causationId: ids.causationId,
    payload,
  };
}

export function encodeEvent(event: Event): Uint8Array {
  return Event.encode(event).finish();
}

export class MalformedEvent extends Error {
  override name = "MalformedEvent";
}

/** Decodes and checks an event; throws MalformedEvent when it cannot be used. */
export function decodeEvent(bytes: Uint8Array): Event {
  let event: Event;
  try {
    event = Event.decode(bytes);
  } catch (cause) {
    throw new MalformedEvent(`not a mediation.events.v1.Event: ${(cause as Error).message}`);
  }
  if (!event.id) throw new MalformedEvent("event has no id");
  if (!event.payload) throw new MalformedEvent(`event ${event.id} has no payload (type "${event.type}")`);
  return event;
}

/** Events stored in an outbox are kept as base64 so that any document store can hold them. */
export function eventToStored(event: Event): string {
  return Buffer.from(encodeEvent(event)).toString("base64");
}

export function eventFromStored(stored: string): Event {
  return decodeEvent(Buffer.from(stored, "base64"));
}
