// Money is integer fen (docs/domain-rules.md#money). People type yuan; we parse the decimal text exactly, never
// through a floating-point number.
const YUAN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

export function yuanToFen(text: string): bigint {
  const match = YUAN.exec(text.trim().replace(/,/g, ""));
  if (!match) throw new UsageError(`"${text}" is not an amount in yuan; write it like 1200 or 1200.50`);
  return BigInt(match[1] as string) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

export function fenToYuan(fen: bigint | number): string {
  const value = BigInt(fen);
  return `${value / 100n}.${String(value % 100n).padStart(2, "0")}`;
}

/** A mistake in how a command was typed: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
