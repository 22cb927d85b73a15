// Months are calendar months in Asia/Shanghai (docs/domain-rules.md#months). China has kept UTC+8 without daylight
// saving since 1991, but we ask the time-zone database rather than hard-code the offset.
const FORMAT = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" });

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The earliest and latest instants asked about that fell in one month: a month is one unbroken stretch
 * of time, so any instant between them is in it too, without asking the time-zone database again
 * (counting asks for every event, mostly about the same month).
 */
let seen: { from: number; to: number; month: string } | undefined;

/** "YYYY-MM" of the instant in Asia/Shanghai. */
export function shanghaiMonth(instant: Date): string {
  const t = instant.getTime();
  if (seen && t >= seen.from && t <= seen.to) return seen.month;
  const parts = FORMAT.formatToParts(instant);
  const year = parts.find((p) => p.type === "year")?.value;
  const month = `${year}-${parts.find((p) => p.type === "month")?.value}`;
  if (seen?.month === month) seen = { from: Math.min(seen.from, t), to: Math.max(seen.to, t), month };
  else seen = { from: t, to: t, month };
  return month;
}

/** "YYYY-MM" moved by whole months, e.g. -1 for the month before, -12 for the same month a year before. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
