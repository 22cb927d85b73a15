// Periods counted in working days (工作日) on mainland China's official calendar. Pure.
//
// A working day is Monday to Friday unless the year's notice makes it a public holiday, plus any
// Saturday or Sunday the notice makes a working day (调休上班).
//
// Counting rule (民法典 第二百零一条第一款): the day of the event is not counted; the period starts
// the next day. A period of N working days therefore ends on the N-th working day after the
// event's day, and it ends at 24:00 of that day (民法典 第二百零三条第二款).
// Used for the consumer association's decision to accept or refuse a complaint: 《市场监督管理投诉举报
// 处理暂行办法》(国家市场监督管理总局令第20号) 第十四条, within 7 working days of receiving it.
// Calendar-day periods (P15D, P30D) are counted by addDuration in duration.ts.
import { type CalendarYear, type WorkingCalendar, weekdayOf } from "./working-calendar.js";

// China keeps UTC+8 all year (no daylight saving since 1991), so Shanghai wall time is UTC+8.
const SHANGHAI_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export class MissingCalendarYearError extends Error {
  override name = "MissingCalendarYearError";
  constructor(
    readonly year: number,
    folder: string,
  ) {
    super(`no working calendar for ${year}: add ${year}.json (the State Council General Office notice on ${year} holidays) to ${folder}`);
  }
}

/** The Asia/Shanghai civil date ("YYYY-MM-DD") of an instant. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** The instant at which a Shanghai civil day begins (00:00 UTC+8). */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_MS);
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(calendar: WorkingCalendar, day: string): CalendarYear {
  const year = Number(day.slice(0, 4));
  const found = calendar.years.get(year);
  if (!found) throw new MissingCalendarYearError(year, calendar.folder);
  return found;
}

/** Whether a Shanghai civil date is a working day; throws MissingCalendarYearError for a year with no file. */
export function isWorkingDay(calendar: WorkingCalendar, day: string): boolean {
  const weekday = weekdayOf(day);
  if (weekday === undefined) throw new RangeError(`"${day}" is not a date written YYYY-MM-DD`);
  const year = yearOf(calendar, day);
  if (year.workingDays.has(day)) return true;
  if (year.holidays.has(day)) return false;
  return weekday !== 0 && weekday !== 6;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a period of working days must be a whole number from 1, not ${n}`);
}

/** The N-th working day after `day` (the day itself not counted). */
export function nthWorkingDayAfter(calendar: WorkingCalendar, day: string, n: number): string {
  checkCount(n);
  let current = day;
  for (let left = n; left > 0; ) {
    current = shiftDay(current, 1);
    if (isWorkingDay(calendar, current)) left -= 1;
  }
  return current;
}

/** Working days in (after, through]: after the first day, up to and including the last. */
export function workingDaysBetween(calendar: WorkingCalendar, after: string, through: string): number {
  let count = 0;
  for (let current = shiftDay(after, 1); current <= through; current = shiftDay(current, 1))
    if (isWorkingDay(calendar, current)) count += 1;
  return count;
}

/**
 * The end of a period of N working days starting the day after the event at `from`: 24:00 Asia/Shanghai
 * of the N-th working day, i.e. the instant the following day begins.
 */
export function addWorkingDays(calendar: WorkingCalendar, from: Date, n: number): Date {
  const last = nthWorkingDayAfter(calendar, shanghaiDay(from), n);
  return startOfShanghaiDay(shiftDay(last, 1));
}
