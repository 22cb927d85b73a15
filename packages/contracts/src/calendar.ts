// Months are calendar months in Asia/Shanghai (DESIGN.md §2). China has kept UTC+8 without daylight
// saving since 1991, but we ask the time-zone database rather than hard-code the offset.
const FORMAT = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" });

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "YYYY-MM" of the instant in Asia/Shanghai. */
export function shanghaiMonth(instant: Date): string {
  const parts = FORMAT.formatToParts(instant);
  const year = parts.find((p) => p.type === "year")?.value;
  const month = parts.find((p) => p.type === "month")?.value;
  return `${year}-${month}`;
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
}
