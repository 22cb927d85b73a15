// Mainland China's official working calendar, one data file per year (calendar/2026.json): the public
// holidays and the adjusted working days (调休上班) the State Council General Office announces each year
// in its notice on holiday arrangements (国务院办公厅关于某年部分节假日安排的通知), on top of the days
// fixed by 《全国年节及纪念日放假办法》. Pure: validates parsed JSON and builds the lookup the
// working-day arithmetic uses; reading the files is the loader's job.
import { z } from "zod";

export const FESTIVALS = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"] as const;
export type Festival = (typeof FESTIVALS)[number];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Day of the week of a civil date "YYYY-MM-DD": 0 Sunday … 6 Saturday; undefined when no such day. */
export function weekdayOf(day: string): number | undefined {
  if (!ISO_DAY.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? undefined : date.getUTCDay();
}

const civilDay = z.string().refine((day) => weekdayOf(day) !== undefined, "must be a real date written YYYY-MM-DD");
const entry = z.object({ date: civilDay, name: z.enum(FESTIVALS) }).strict();

export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** official: copied from the notice; provisional: the notice is not yet available (see statusReason). */
    status: z.enum(["official", "provisional"]),
    statusReason: z.string().min(1).optional(),
    source: z
      .object({
        issuer: z.string().min(1),
        title: z.string().min(1),
        number: z.string().min(1).optional(),
        issuedOn: civilDay,
      })
      .strict(),
    note: z.string().optional(),
    holidays: z.array(entry),
    /** 调休上班: a Saturday or Sunday that is a working day. */
    workingDays: z.array(entry),
  })
  .strict()
  .superRefine((file, ctx) => {
    if (file.status === "provisional" && !file.statusReason)
      ctx.addIssue({ code: "custom", path: ["statusReason"], message: "a provisional calendar must say why (statusReason)" });
    const inYear = (list: "holidays" | "workingDays") =>
      file[list].forEach((e, i) => {
        if (!e.date.startsWith(`${file.year}-`))
          ctx.addIssue({ code: "custom", path: [list, i, "date"], message: `${e.date} is not in ${file.year}` });
      });
    inYear("holidays");
    inYear("workingDays");
    file.holidays.forEach((e, i) => {
      const previous = file.holidays[i - 1];
      if (previous && previous.date >= e.date)
        ctx.addIssue({
          code: "custom",
          path: ["holidays", i, "date"],
          message: `${e.date} ${previous.date === e.date ? "is listed twice" : `comes after ${previous.date}; holidays must be sorted`}`,
        });
    });
    const holidays = new Set(file.holidays.map((e) => e.date));
    const seen = new Set<string>();
    file.workingDays.forEach((e, i) => {
      const weekday = weekdayOf(e.date);
      if (weekday !== 0 && weekday !== 6)
        ctx.addIssue({ code: "custom", path: ["workingDays", i, "date"], message: `${e.date} is not a Saturday or Sunday` });
      if (holidays.has(e.date))
        ctx.addIssue({ code: "custom", path: ["workingDays", i, "date"], message: `${e.date} is also listed as a holiday` });
      if (seen.has(e.date)) ctx.addIssue({ code: "custom", path: ["workingDays", i, "date"], message: `${e.date} is listed twice` });
      seen.add(e.date);
    });
  });

export type CalendarYearFile = z.infer<typeof calendarYearSchema>;

export interface CalendarYear {
  year: number;
  status: "official" | "provisional";
  holidays: ReadonlyMap<string, Festival>;
  workingDays: ReadonlySet<string>;
}

export interface WorkingCalendar {
  years: ReadonlyMap<number, CalendarYear>;
  /** Where the year files live, named in the error for a missing year. */
  folder: string;
}

export class CalendarFileError extends Error {
  override name = "CalendarFileError";
}

/** Validates one parsed year file; the error names the file and each wrong field. */
export function parseCalendarYear(json: unknown, fileName: string): CalendarYear {
  const result = calendarYearSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`);
    throw new CalendarFileError(`working calendar ${fileName} is invalid: ${problems.join("; ")}`);
  }
  const file = result.data;
  const expected = `${file.year}.json`;
  if (fileName.split(/[\\/]/).pop() !== expected)
    throw new CalendarFileError(`working calendar ${fileName}: year: ${file.year} belongs in a file named ${expected}`);
  return {
    year: file.year,
    status: file.status,
    holidays: new Map(file.holidays.map((e) => [e.date, e.name])),
    workingDays: new Set(file.workingDays.map((e) => e.date)),
  };
}

export function workingCalendar(years: readonly CalendarYear[], folder: string): WorkingCalendar {
  return { years: new Map(years.map((y) => [y.year, y])), folder };
}
