import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { calendarDirFrom, DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import { CalendarFileError, parseCalendarYear } from "../src/domain/working-calendar.js";

const source = { issuer: "国务院办公厅", title: "国务院办公厅关于2026年部分节假日安排的通知", issuedOn: "2025-11-04" };
const valid = () => ({
  year: 2026,
  status: "official",
  source,
  holidays: [
    { date: "2026-10-01", name: "国庆节" },
    { date: "2026-10-02", name: "国庆节" },
  ],
  workingDays: [{ date: "2026-10-10", name: "国庆节" }],
});
const parse = (json: unknown) => () => parseCalendarYear(json, "/cal/2026.json");

describe("a year file is validated field by field", () => {
  it("accepts a well-formed file", () => {
    const year = parseCalendarYear(valid(), "/cal/2026.json");
    expect(year.holidays.get("2026-10-01")).toBe("国庆节");
    expect([...year.workingDays]).toEqual(["2026-10-10"]);
  });

  it("rejects a holiday outside the file's year, naming the file and the field", () => {
    const json = valid();
    json.holidays[1] = { date: "2027-10-02", name: "国庆节" };
    expect(parse(json)).toThrow(CalendarFileError);
    expect(parse(json)).toThrow("working calendar /cal/2026.json is invalid: holidays.1.date: 2027-10-02 is not in 2026");
  });

  it("rejects an adjusted working day outside the year", () => {
    const json = valid();
    json.workingDays = [{ date: "2025-10-11", name: "国庆节" }];
    expect(parse(json)).toThrow("workingDays.0.date: 2025-10-11 is not in 2026");
  });

  it("rejects a day that is both a holiday and a working day", () => {
    const json = valid();
    json.holidays.push({ date: "2026-10-03", name: "国庆节" });
    json.workingDays = [{ date: "2026-10-03", name: "国庆节" }];
    expect(parse(json)).toThrow("workingDays.0.date: 2026-10-03 is also listed as a holiday");
  });

  it("rejects an adjusted working day on a weekday", () => {
    const json = valid();
    json.workingDays = [{ date: "2026-10-09", name: "国庆节" }];
    expect(parse(json)).toThrow("workingDays.0.date: 2026-10-09 is not a Saturday or Sunday");
  });

  it("rejects unsorted holidays", () => {
    const json = valid();
    json.holidays.reverse();
    expect(parse(json)).toThrow("holidays.1.date: 2026-10-01 comes after 2026-10-02; holidays must be sorted");
  });

  it("rejects a holiday listed twice", () => {
    const json = valid();
    json.holidays.push({ date: "2026-10-02", name: "国庆节" });
    expect(parse(json)).toThrow("holidays.2.date: 2026-10-02 is listed twice");
  });

  it("rejects an adjusted working day listed twice", () => {
    const json = valid();
    json.workingDays.push({ date: "2026-10-10", name: "国庆节" });
    expect(parse(json)).toThrow("workingDays.1.date: 2026-10-10 is listed twice");
  });

  it("rejects a date that does not exist", () => {
    const json = valid();
    json.holidays[0] = { date: "2026-02-30", name: "春节" };
    expect(parse(json)).toThrow("holidays.0.date: must be a real date written YYYY-MM-DD");
  });

  it("rejects a festival that is not one of the seven", () => {
    const json = valid();
    json.holidays[0] = { date: "2026-10-01", name: "National Day" };
    expect(parse(json)).toThrow(/holidays\.0\.name: .*国庆节/);
  });

  it("rejects a provisional file that does not say why", () => {
    expect(parse({ ...valid(), status: "provisional" })).toThrow("statusReason: a provisional calendar must say why (statusReason)");
  });

  it("rejects a file without its source notice", () => {
    expect(parse({ ...valid(), source: undefined })).toThrow(/source: /);
  });

  it("rejects an unknown field", () => {
    expect(parse({ ...valid(), holiday: [] })).toThrow(/holiday/);
  });

  it("rejects a file whose name is not its year", () => {
    expect(() => parseCalendarYear(valid(), "/cal/2027.json")).toThrow(
      "working calendar /cal/2027.json: year: 2026 belongs in a file named 2026.json",
    );
  });
});

describe("loading the calendar folder at start-up", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "working-calendar-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const copyShipped = async (...years: number[]) => {
    for (const year of years) await writeFile(join(dir, `${year}.json`), await readFile(join(DEFAULT_CALENDAR_DIR, `${year}.json`)));
  };

  it("loads the shipped files and reports 2027 as provisional", async () => {
    const { calendar, warnings } = await loadWorkingCalendar(DEFAULT_CALENDAR_DIR, new Date("2026-11-29T08:00:00Z"));
    expect([...calendar.years.keys()]).toEqual([2025, 2026, 2027]);
    expect(calendar.years.get(2026)?.status).toBe("official");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/2027\.json is provisional: 未找到《国务院办公厅关于2027年部分节假日安排的通知》/);
  });

  it("fails when next year is missing, naming the year, the file to add and the folder", async () => {
    await copyShipped(2025, 2026);
    await expect(loadWorkingCalendar(dir, new Date("2026-06-01T00:00:00Z"))).rejects.toThrow(
      `working calendar for 2027 is missing: add 2027.json (from the State Council General Office notice on that year's holidays) to ${dir} (WORKING_CALENDAR_DIR)`,
    );
  });

  it("fails when the current year is missing, by the Shanghai date", async () => {
    await copyShipped(2026, 2027);
    // 31 December 2025 16:30 UTC is already 1 January 2026 in Shanghai: 2026 and 2027 are enough.
    await expect(loadWorkingCalendar(dir, new Date("2025-12-31T16:30:00Z"))).resolves.toBeTruthy();
    await expect(loadWorkingCalendar(dir, new Date("2025-12-31T15:30:00Z"))).rejects.toThrow(/working calendar for 2025 is missing/);
  });

  it("fails with an empty folder naming both years", async () => {
    await expect(loadWorkingCalendar(dir, new Date("2026-06-01T00:00:00Z"))).rejects.toThrow(
      /for 2026 and 2027 is missing: add 2026\.json and 2027\.json/,
    );
  });

  it("fails on a wrong file, naming its path and field", async () => {
    await copyShipped(2026);
    const bad = {
      ...valid(),
      year: 2027,
      holidays: [{ date: "2027-10-01", name: "国庆节" }],
      workingDays: [{ date: "2027-10-08", name: "国庆节" }],
    };
    await writeFile(join(dir, "2027.json"), JSON.stringify(bad));
    await expect(loadWorkingCalendar(dir, new Date("2026-06-01T00:00:00Z"))).rejects.toThrow(
      `working calendar ${join(dir, "2027.json")} is invalid: workingDays.0.date: 2027-10-08 is not a Saturday or Sunday`,
    );
  });

  it("fails on a file that is not JSON", async () => {
    await writeFile(join(dir, "2026.json"), "{ year: 2026");
    await expect(loadWorkingCalendar(dir)).rejects.toThrow(`working calendar ${join(dir, "2026.json")} is not valid JSON`);
  });

  it("fails on a file not named after its year", async () => {
    await writeFile(join(dir, "holidays.json"), "{}");
    await expect(loadWorkingCalendar(dir)).rejects.toThrow(
      `working calendar ${join(dir, "holidays.json")}: the file name must be the year, e.g. 2026.json`,
    );
  });

  it("fails on a folder that does not exist", async () => {
    await expect(loadWorkingCalendar(join(dir, "nowhere"))).rejects.toThrow(
      /working calendar folder .*nowhere cannot be read \(WORKING_CALENDAR_DIR\)/,
    );
  });

  it("takes the folder from WORKING_CALENDAR_DIR, else the shipped one", () => {
    expect(calendarDirFrom({ WORKING_CALENDAR_DIR: "/etc/mediation/calendar" })).toBe("/etc/mediation/calendar");
    expect(calendarDirFrom({ WORKING_CALENDAR_DIR: " " })).toBe(DEFAULT_CALENDAR_DIR);
    expect(calendarDirFrom({})).toBe(DEFAULT_CALENDAR_DIR);
  });
});
