// What the rebuild's two threads say to each other (counting-thread.ts, count-worker.ts). A batch of
// events travels as one buffer of their bytes and their offsets, moved to the counting thread rather
// than copied message by message.

/** A batch of undecoded events: event i is bytes[offsets[i], offsets[i + 1]). */
export interface Packed {
  bytes: Uint8Array<ArrayBuffer>;
  offsets: Uint32Array<ArrayBuffer>;
}

export type ToCounter = { count: Packed } | { end: true };
export type FromCounter = { counted: number } | { ended: number } | { failed: string };

export function pack(messages: Uint8Array[]): Packed {
  const offsets = new Uint32Array(messages.length + 1);
  for (const [i, message] of messages.entries()) offsets[i + 1] = (offsets[i] as number) + message.length;
  const bytes = new Uint8Array(offsets[messages.length] as number);
  for (const [i, message] of messages.entries()) bytes.set(message, offsets[i]);
  return { bytes, offsets };
}

export function unpack({ bytes, offsets }: Packed): Uint8Array[] {
  return Array.from({ length: offsets.length - 1 }, (_, i) => bytes.subarray(offsets[i], offsets[i + 1]));
}
