import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import { parseCalendarYear, type WorkingCalendar, workingCalendar } from "../src/domain/working-calendar.js";
import {
  addWorkingDays,
  isWorkingDay,
  MissingCalendarYearError,
  nthWorkingDayAfter,
  shanghaiDay,
  startOfShanghaiDay,
  workingDaysBetween,
} from "../src/domain/working-days.js";

let calendar: WorkingCalendar;
beforeAll(async () => {
  ({ calendar } = await loadWorkingCalendar(DEFAULT_CALENDAR_DIR, new Date("2026-11-29T08:00:00Z")));
});

const source = { issuer: "国务院办公厅", title: "国务院办公厅关于2026年部分节假日安排的通知", issuedOn: "2025-11-04" };
/** An instant given as Shanghai wall time. */
const shanghai = (wall: string) => new Date(`${wall}+08:00`);

describe("the shipped calendar follows the State Council notices", () => {
  it("2026: 国庆 1-7 October off, Saturday 10 October and Sunday 20 September worked", () => {
    expect(["2026-10-01", "2026-10-05", "2026-10-07"].map((d) => isWorkingDay(calendar, d))).toEqual([false, false, false]);
    expect(isWorkingDay(calendar, "2026-10-08")).toBe(true);
    expect(isWorkingDay(calendar, "2026-10-10")).toBe(true);
    expect(isWorkingDay(calendar, "2026-09-20")).toBe(true);
    expect(isWorkingDay(calendar, "2026-10-11")).toBe(false);
  });

  it("2026: 春节 15-23 February off, 14 and 28 February (Saturdays) worked", () => {
    expect(isWorkingDay(calendar, "2026-02-15")).toBe(false);
    expect(isWorkingDay(calendar, "2026-02-23")).toBe(false);
    expect(isWorkingDay(calendar, "2026-02-24")).toBe(true);
    expect(isWorkingDay(calendar, "2026-02-14")).toBe(true);
    expect(isWorkingDay(calendar, "2026-02-28")).toBe(true);
  });

  it("2025: 国庆节、中秋节 1-8 October off, Saturday 11 October worked", () => {
    expect(isWorkingDay(calendar, "2025-10-08")).toBe(false);
    expect(isWorkingDay(calendar, "2025-10-11")).toBe(true);
    expect(isWorkingDay(calendar, "2025-09-28")).toBe(true);
  });

  it("an ordinary weekday works and an ordinary weekend does not", () => {
    expect(isWorkingDay(calendar, "2026-11-27")).toBe(true);
    expect(isWorkingDay(calendar, "2026-11-28")).toBe(false);
  });
});

describe("seven working days to accept a consumer complaint (暂行办法 第十四条)", () => {
  it("skips 国庆 2026 and counts the adjusted working day of Saturday 10 October", () => {
    // Tue 29 Sep: 30 Sep (1), 1-7 Oct holiday, 8 (2), 9 (3), Sat 10 调休 (4), 12 (5), 13 (6), 14 (7).
    expect(nthWorkingDayAfter(calendar, "2026-09-29", 7)).toBe("2026-10-14");
    const endsAt = addWorkingDays(calendar, shanghai("2026-09-29T10:00:00"), 7);
    expect(endsAt.toISOString()).toBe(shanghai("2026-10-15T00:00:00").toISOString());
    expect(workingDaysBetween(calendar, "2026-09-29", "2026-10-14")).toBe(7);
  });

  it("counts Sunday 20 September 2026 and skips 中秋 on Friday 25 September", () => {
    // Fri 18 Sep: Sun 20 调休 (1), 21-24 (2-5), 25-27 中秋, 28 (6), 29 (7).
    expect(nthWorkingDayAfter(calendar, "2026-09-18", 7)).toBe("2026-09-29");
  });

  it("crosses 春节 2026, counting both adjusted Saturdays", () => {
    // Thu 12 Feb: 13 (1), Sat 14 调休 (2), 15-23 holiday, 24-27 (3-6), Sat 28 调休 (7).
    expect(nthWorkingDayAfter(calendar, "2026-02-12", 7)).toBe("2026-02-28");
    expect(addWorkingDays(calendar, shanghai("2026-02-12T16:30:00"), 7)).toEqual(shanghai("2026-03-01T00:00:00"));
  });

  it("crosses the new year from 2025 into 元旦 2026", () => {
    // Tue 30 Dec: 31 (1), 1-3 Jan holiday, Sun 4 调休 (2), 5-9 (3-7).
    expect(nthWorkingDayAfter(calendar, "2025-12-30", 7)).toBe("2026-01-09");
  });

  it("takes the event's day in Asia/Shanghai, not in UTC", () => {
    // 01:00 on 30 September in Shanghai is still 29 September in UTC.
    const lateAtNight = new Date("2026-09-29T17:00:00Z");
    expect(shanghaiDay(lateAtNight)).toBe("2026-09-30");
    expect(addWorkingDays(calendar, lateAtNight, 7)).toEqual(startOfShanghaiDay("2026-10-16"));
  });

  it("refuses a period that is not a whole number of days from 1", () => {
    expect(() => nthWorkingDayAfter(calendar, "2026-09-29", 0)).toThrow(/whole number from 1, not 0/);
    expect(() => nthWorkingDayAfter(calendar, "2026-09-29", 1.5)).toThrow(/not 1.5/);
  });
});

describe("a year with no calendar file", () => {
  const only2026 = async () => {
    const { calendar: full } = await loadWorkingCalendar(DEFAULT_CALENDAR_DIR, new Date("2026-11-29T08:00:00Z"));
    const year = full.years.get(2026);
    if (!year) throw new Error("2026 is shipped");
    return workingCalendar([year], "/srv/mediation/calendar");
  };

  it("throws naming the year and the folder to add it to", async () => {
    const partial = await only2026();
    expect(() => isWorkingDay(partial, "2027-01-04")).toThrow(MissingCalendarYearError);
    expect(() => isWorkingDay(partial, "2027-01-04")).toThrow(
      "no working calendar for 2027: add 2027.json (the State Council General Office notice on 2027 holidays) to /srv/mediation/calendar",
    );
  });

  it("throws when a period runs into that year", async () => {
    const partial = await only2026();
    expect(() => addWorkingDays(partial, shanghai("2026-12-28T09:00:00"), 7)).toThrow(/no working calendar for 2027/);
  });

  it("throws for a year before the first file", () => {
    const year = parseCalendarYear({ year: 2026, status: "official", source, holidays: [], workingDays: [] }, "2026.json");
    expect(() => isWorkingDay(workingCalendar([year], "cal"), "2025-12-31")).toThrow(/no working calendar for 2025/);
  });
});

describe("working-day arithmetic, for any start and length", () => {
  const first = Date.UTC(2025, 0, 1);
  const last = Date.UTC(2027, 9, 31);
  const days = fc
    .integer({ min: 0, max: (last - first) / 86_400_000 })
    .map((i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));

  it("lands on a working day with exactly N working days after the start, up to and including it", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const end = nthWorkingDayAfter(calendar, start, n);
        expect(end > start).toBe(true);
        expect(isWorkingDay(calendar, end)).toBe(true);
        expect(workingDaysBetween(calendar, start, end)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it("ends the period at 24:00 Shanghai of that working day", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: 86_399_999 }), fc.integer({ min: 1, max: 40 }), (start, ms, n) => {
        const event = new Date(startOfShanghaiDay(start).getTime() + ms);
        const endsAt = addWorkingDays(calendar, event, n);
        const lastDay = shanghaiDay(new Date(endsAt.getTime() - 1));
        expect(lastDay).toBe(nthWorkingDayAfter(calendar, start, n));
        expect(shanghaiDay(endsAt) > lastDay).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
