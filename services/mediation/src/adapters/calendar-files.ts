// Reads the working calendar's year files (calendar/2026.json …) at start-up and refuses to start when
// one is wrong or when the current or next year is missing: a deadline counted on a guessed calendar
// would be wrong without anyone noticing.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CalendarFileError,
  type CalendarYear,
  parseCalendarYear,
  type WorkingCalendar,
  workingCalendar,
} from "../domain/working-calendar.js";
import { shanghaiDay } from "../domain/working-days.js";

/** The year files shipped with the service. */
export const DEFAULT_CALENDAR_DIR = fileURLToPath(new URL("../../calendar/", import.meta.url));

/** WORKING_CALENDAR_DIR, or the shipped folder when it is unset or empty. */
export function calendarDirFrom(env: Record<string, string | undefined> = process.env): string {
  return env.WORKING_CALENDAR_DIR?.trim() || DEFAULT_CALENDAR_DIR;
}

export interface LoadedCalendar {
  calendar: WorkingCalendar;
  /** One line per provisional year file (its notice not yet copied in), for the start-up log. */
  warnings: string[];
}

/**
 * Loads and validates every YYYY.json in `dir`. Throws CalendarFileError naming the file and field that
 * is wrong, or the year that is missing: the year of `now` in Asia/Shanghai and the next one are required.
 */
export async function loadWorkingCalendar(dir: string, now: Date = new Date()): Promise<LoadedCalendar> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  } catch (error) {
    throw new CalendarFileError(`working calendar folder ${dir} cannot be read (WORKING_CALENDAR_DIR): ${(error as Error).message}`);
  }
  const years: CalendarYear[] = [];
  const warnings: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!/^\d{4}\.json$/.test(name))
      throw new CalendarFileError(`working calendar ${path}: the file name must be the year, e.g. 2026.json`);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new CalendarFileError(`working calendar ${path} is not valid JSON: ${(error as Error).message}`);
    }
    const year = parseCalendarYear(json, path);
    if (year.status === "provisional")
      warnings.push(`working calendar ${path} is provisional: ${(json as { statusReason?: string }).statusReason ?? ""}`);
    years.push(year);
  }
  const current = Number(shanghaiDay(now).slice(0, 4));
  const loaded = new Set(years.map((y) => y.year));
  const missing = [current, current + 1].filter((year) => !loaded.has(year));
  if (missing.length)
    throw new CalendarFileError(
      `working calendar for ${missing.join(" and ")} is missing: add ${missing.map((y) => `${y}.json`).join(" and ")} ` +
        `(from the State Council General Office notice on that year's holidays) to ${dir} (WORKING_CALENDAR_DIR)`,
    );
  return { calendar: workingCalendar(years, dir), warnings };
}
