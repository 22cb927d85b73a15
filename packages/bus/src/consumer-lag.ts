// How far a durable consumer is behind the events stream: what the month-end freeze and the
// consumer-lag metrics read.
import type { JetStreamManager } from "@nats-io/jetstream";

export interface ConsumerLag {
  /** Messages matching the consumer's filter not yet delivered. */
  pending: number;
  /** Delivered but not yet acknowledged. */
  ackPending: number;
  /** The stream sequence of the last message delivered to the consumer. */
  delivered: number;
  /** The stream's last sequence, read just before the consumer. */
  streamLast: number;
}

/**
 * The stream's last sequence is read first, then the consumer, so `delivered >= streamLast` means
 * the consumer has seen everything stored up to the first read.
 */
export async function readConsumerLag(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerLag> {
  const info = await jsm.streams.info(stream);
  const consumer = await jsm.consumers.info(stream, durable);
  return {
    pending: consumer.num_pending,
    ackPending: consumer.num_ack_pending,
    delivered: consumer.delivered.stream_seq,
    streamLast: info.state.last_seq,
  };
}
