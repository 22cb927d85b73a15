// Legal periods as ISO-8601 durations (P1M, P15D, PT30M), read from configuration
// (docs/domain-rules.md#deadlines: deadlines are configuration per channel, not literals). Pure.

export interface Duration {
  months: number;
  days: number;
  ms: number;
  text: string;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration {
  const m = PATTERN.exec(text.trim());
  if (!m || text.trim() === "P" || text.trim().endsWith("T"))
    throw new Error(`"${text}" is not an ISO-8601 duration like P1M, P15D or PT30M`);
  const n = (i: number) => Number(m[i] ?? 0);
  return {
    months: n(1) * 12 + n(2),
    days: n(3) * 7 + n(4),
    ms: ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000,
    text: text.trim(),
  };
}

// China keeps UTC+8 all year (no daylight saving since 1991), so Shanghai wall time is UTC+8.
const SHANGHAI_MS = 8 * 3_600_000;

/**
 * Adds a duration the way the law counts: months and days on the Asia/Shanghai calendar ("one month
 * from acceptance" ends on the same day of the next month, or its last day), then hours and seconds.
 */
export function addDuration(from: Date, d: Duration, sign: 1 | -1 = 1): Date {
  const wall = new Date(from.getTime() + SHANGHAI_MS);
  if (d.months) {
    const day = wall.getUTCDate();
    wall.setUTCDate(1);
    wall.setUTCMonth(wall.getUTCMonth() + sign * d.months);
    const lastDay = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate();
    wall.setUTCDate(Math.min(day, lastDay));
  }
  if (d.days) wall.setUTCDate(wall.getUTCDate() + sign * d.days);
  return new Date(wall.getTime() - SHANGHAI_MS + sign * d.ms);
}
