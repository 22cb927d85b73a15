// When an ended month may be frozen. Official figures must be complete and accurate (统计法 第七条:
// 真实、准确、完整、及时), so a month's report is frozen only once the read model has counted every
// event the stream held after the month ended, not while events of that month still wait in it.
import { shiftMonth } from "@mediation/contracts/domain";

/** What the statistics consumer had done when it was read, and when (by the service's clock). */
export interface LagReading {
  /** Events matching the consumer not yet delivered. */
  pending: number;
  /** Delivered but not yet acknowledged (being counted, or waiting for a redelivery). */
  ackPending: number;
  /** Stream sequence of the last event delivered to the consumer. */
  delivered: number;
  /** The stream's last sequence, read before the consumer. */
  streamLast: number;
  /** When the stream was read. */
  readAt: Date;
}

export type FreezeDecision = { ready: true } | { ready: false; reason: string };

/** The instant a month ends: 00:00 on the 1st of the next month, Asia/Shanghai. */
export function monthEndsAt(month: string): Date {
  return new Date(`${shiftMonth(month, 1)}-01T00:00:00+08:00`);
}

/** Whether `month` (and every month before it) may be frozen, given a reading of the consumer. */
export function freezeDecision(month: string, reading: LagReading): FreezeDecision {
  const end = monthEndsAt(month);
  if (reading.readAt.getTime() < end.getTime()) {
    return { ready: false, reason: `the consumer was read at ${reading.readAt.toISOString()}, before ${month} ended` };
  }
  if (reading.pending > 0) return { ready: false, reason: `${reading.pending} events not yet delivered to the consumer` };
  if (reading.ackPending > 0) return { ready: false, reason: `${reading.ackPending} events delivered but not yet counted` };
  if (reading.delivered < reading.streamLast) {
    return { ready: false, reason: `the consumer has seen the stream to ${reading.delivered}, not yet to ${reading.streamLast}` };
  }
  return { ready: true };
}
