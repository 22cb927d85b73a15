import { randomBytes } from "node:crypto";

/** A name no other run uses: for event namespaces, streams, queue prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}
