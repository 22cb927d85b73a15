// Months are calendar months in Asia/Shanghai (docs/domain-rules.md#months). China has kept UTC+8 without daylight
// saving since 1991, but we ask the time-zone database rather than hard-code the offset.
const FORMAT = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" });

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "YYYY-MM" of the instant in Asia/Shanghai, as the time-zone database says. */
function askedMonth(t: number): string {
  const parts = FORMAT.formatToParts(new Date(t));
  return `${parts.find((p) => p.type === "year")?.value}-${parts.find((p) => p.type === "month")?.value}`;
}

/** Widest a zone's offset from UTC goes either way: a month's end is within this of UTC midnight. */
const OFFSET_BOUND_MS = 15 * 3_600_000;

/**
 * The first instant (ms) in Asia/Shanghai's month after `month`: found by halving, asking the time-zone
 * database, within OFFSET_BOUND_MS of UTC midnight on the next month's first day.
 */
function monthEnd(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  let inside = Date.UTC(y, m, 1) - OFFSET_BOUND_MS;
  let after = Date.UTC(y, m, 1) + OFFSET_BOUND_MS;
  while (after - inside > 1) {
    const mid = Math.floor((inside + after) / 2);
    if (askedMonth(mid) === month) inside = mid;
    else after = mid;
  }
  return after;
}

/**
 * The months last asked about, each from its start to its end: counting asks for every event, mostly
 * about a few months, so an instant in one of them does not ask the time-zone database again.
 */
const seen: Array<{ start: number; end: number; month: string }> = [];
const SEEN_MONTHS = 12;

/** "YYYY-MM" of the instant in Asia/Shanghai. */
export function shanghaiMonth(instant: Date): string {
  const t = instant.getTime();
  const hit = seen.find((s) => t >= s.start && t < s.end);
  if (hit) return hit.month;
  const month = askedMonth(t);
  seen.push({ start: monthEnd(shiftMonth(month, -1)), end: monthEnd(month), month });
  if (seen.length > SEEN_MONTHS) seen.shift();
  return month;
}

/** "YYYY-MM" moved by whole months, e.g. -1 for the month before, -12 for the same month a year before. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
