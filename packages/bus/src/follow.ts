// The handling side of EventBus.follow (docs/architecture.md#consumers): each followed event goes to
// its handler as it arrives, without waiting for the handler of the one before. A live view's
// handler may wait for the store (mediation's reads the offered case, and waits its turn behind the
// batch that holds the connection): handled one after another, a burst of events waited out each
// such wait in turn, tens of milliseconds each, before the last of them reached its stream.
import { decodeEvent, type EventKind, type EventOf, isEventOf } from "@mediation/contracts";
import type { Logger } from "@mediation/telemetry";
import type { JsMsg } from "@nats-io/jetstream";

/** Most handlers of followed events running at once; the next message waits for one to finish. */
export const FOLLOW_IN_HAND = 64;

/**
 * Hands each message of `messages` that is an event of `kind` to `onEvent`, at most FOLLOW_IN_HAND
 * at once; a handler that fails is logged, not retried. Handlers start in the stream's order, and
 * nothing waits for them to finish in it. Resolves when `messages` ends and every handler has finished.
 */
export async function handleFollowed<K extends EventKind>(
  messages: AsyncIterable<JsMsg>,
  kind: K,
  onEvent: (event: EventOf<K>) => Promise<void>,
  log: Logger,
): Promise<void> {
  const inHand = new Set<Promise<void>>();
  const handleOne = async (message: JsMsg) => {
    try {
      const event = decodeEvent(message.data);
      if (isEventOf(event, kind)) await onEvent(event);
    } catch (error) {
      log.warn({ err: (error as Error).message, sequence: message.seq }, "a followed event could not be shown");
    }
  };
  for await (const message of messages) {
    const one: Promise<void> = handleOne(message).finally(() => inHand.delete(one));
    inHand.add(one);
    if (inHand.size >= FOLLOW_IN_HAND) await Promise.race(inHand);
  }
  await Promise.all(inHand);
}
