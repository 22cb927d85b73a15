import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR_DIR, loadWorkingCalendar } from "../src/adapters/calendar-files.js";
import {
  ChannelPeriodError,
  DEFAULT_CHANNEL_PERIODS,
  endOfPeriod,
  parseChannelPeriods,
  parseLegalPeriod,
} from "../src/domain/channel-periods.js";
import type { WorkingCalendar } from "../src/domain/working-calendar.js";

let calendar: WorkingCalendar;
beforeAll(async () => {
  ({ calendar } = await loadWorkingCalendar(DEFAULT_CALENDAR_DIR, new Date("2026-11-29T08:00:00Z")));
});
const shanghai = (wall: string) => new Date(`${wall}+08:00`);

describe("CHANNEL_PERIODS", () => {
  it("reads the default: people's mediation 30 days with one extension, labour 15 days, consumer 7 working days", () => {
    const periods = parseChannelPeriods(DEFAULT_CHANNEL_PERIODS);
    expect(Object.keys(periods).sort()).toEqual([
      "ADMINISTRATIVE_MEDIATION",
      "COMMERCIAL_MEDIATION",
      "CONSUMER_ASSOCIATION",
      "LABOUR_MEDIATION",
      "LAWYER_MEDIATION",
      "PEOPLES_MEDIATION",
    ]);
    expect(periods.PEOPLES_MEDIATION?.period).toMatchObject({ unit: "calendar", duration: { days: 30, months: 0 } });
    expect(periods.PEOPLES_MEDIATION?.extension).toMatchObject({ unit: "calendar", duration: { days: 30 } });
    expect(periods.LABOUR_MEDIATION).toEqual({ period: expect.objectContaining({ unit: "calendar", text: "P15D" }) });
    expect(periods.CONSUMER_ASSOCIATION).toEqual({ period: { unit: "working-days", days: 7, text: "7WD" } });
  });

  it("allows spaces, months and a working-day extension", () => {
    const periods = parseChannelPeriods(" LAWYER_MEDIATION = P1M , ADMINISTRATIVE_MEDIATION=10WD+ext:5WD ,");
    expect(periods.LAWYER_MEDIATION?.period).toMatchObject({ unit: "calendar", duration: { months: 1, days: 0 } });
    expect(periods.ADMINISTRATIVE_MEDIATION).toEqual({
      period: { unit: "working-days", days: 10, text: "10WD" },
      extension: { unit: "working-days", days: 5, text: "5WD" },
    });
  });

  it("is empty for an empty value", () => {
    expect(parseChannelPeriods("")).toEqual({});
  });

  const rejects = (text: string, message: string) => {
    expect(() => parseChannelPeriods(text)).toThrow(ChannelPeriodError);
    expect(() => parseChannelPeriods(text)).toThrow(message);
  };

  it("names an unknown channel", () => {
    rejects("PEOPLES_MEDIATION=P30D,CONSUMER=7WD", `CHANNEL_PERIODS: "CONSUMER" in "CONSUMER=7WD" is not a channel; use one of`);
  });

  it("names a channel with no period", () => {
    rejects("LABOUR_MEDIATION", "CHANNEL_PERIODS: LABOUR_MEDIATION has no period; write LABOUR_MEDIATION=P15D");
    rejects("LABOUR_MEDIATION=", "CHANNEL_PERIODS: LABOUR_MEDIATION has no period");
  });

  it("names the channel and the value that is not a period", () => {
    rejects(
      "LABOUR_MEDIATION=15 days",
      `CHANNEL_PERIODS: LABOUR_MEDIATION="15 days": "15 days" is neither working days like 7WD nor an ISO-8601 duration like P15D or P1M`,
    );
    rejects("CONSUMER_ASSOCIATION=0WD", `CHANNEL_PERIODS: CONSUMER_ASSOCIATION="0WD": "0WD" must be from 1WD to 366WD`);
    rejects("PEOPLES_MEDIATION=P0D", `CHANNEL_PERIODS: PEOPLES_MEDIATION="P0D": "P0D" is an empty period`);
  });

  it("names a bad extension", () => {
    rejects("PEOPLES_MEDIATION=P30D+ext:", `CHANNEL_PERIODS: PEOPLES_MEDIATION="P30D+ext:": "" is neither`);
    rejects("PEOPLES_MEDIATION=P30D+ext:P30D+ext:P30D", "more than one extension; at most one is allowed");
  });

  it("names a channel given twice", () => {
    rejects("LABOUR_MEDIATION=P15D,LABOUR_MEDIATION=P30D", "CHANNEL_PERIODS: LABOUR_MEDIATION is given twice");
  });

  it("names the variable it was read from", () => {
    expect(() => parseChannelPeriods("X=1", "MEDIATION_PERIODS")).toThrow(/^MEDIATION_PERIODS: "X"/);
  });
});

describe("when a channel's period ends", () => {
  it("counts a consumer complaint's 7 working days across 国庆 2026", () => {
    const end = endOfPeriod(calendar, shanghai("2026-09-29T10:00:00"), parseLegalPeriod("7WD"));
    expect(end).toEqual(shanghai("2026-10-15T00:00:00"));
  });

  it("counts labour mediation's 15 calendar days straight through 春节 2026 (劳动争议调解仲裁法 第十四条)", () => {
    const end = endOfPeriod(calendar, shanghai("2026-02-12T10:00:00"), parseLegalPeriod("P15D"));
    expect(end).toEqual(shanghai("2026-02-27T10:00:00"));
  });

  it("adds people's mediation's extension after its first 30 days", () => {
    const periods = parseChannelPeriods(DEFAULT_CHANNEL_PERIODS);
    const rule = periods.PEOPLES_MEDIATION;
    if (!rule?.extension) throw new Error("the default has an extension");
    const first = endOfPeriod(calendar, shanghai("2026-09-01T09:00:00"), rule.period);
    expect(first).toEqual(shanghai("2026-10-01T09:00:00"));
    expect(endOfPeriod(calendar, first, rule.extension)).toEqual(shanghai("2026-10-31T09:00:00"));
  });
});
