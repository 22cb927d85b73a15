// Each handling channel's legal period, from one configuration value. Pure.
//
//   CHANNEL_PERIODS="PEOPLES_MEDIATION=P30D+ext:P30D,LABOUR_MEDIATION=P15D,CONSUMER_ASSOCIATION=7WD"
//
// An entry is CHANNEL=PERIOD or CHANNEL=PERIOD+ext:PERIOD (one extension). A PERIOD is an ISO-8601
// duration counted in calendar days on the Asia/Shanghai calendar (P15D, P1M; see duration.ts) or a
// whole number of working days written nWD (7WD; see working-days.ts).
//
// The proposed default, and where each figure comes from:
// - LABOUR_MEDIATION=P15D: 劳动争议调解仲裁法 第十四条第三款, no agreement within 15 days of the
//   mediation organisation receiving the application, and a party may apply for arbitration.
// - CONSUMER_ASSOCIATION=7WD: 《市场监督管理投诉举报处理暂行办法》第十四条, a decision to accept or
//   refuse a consumer complaint within 7 working days of receiving it.
// - PEOPLES_MEDIATION=P30D+ext:P30D: the centre's 30 days to close, extendable once.
// - LAWYER_MEDIATION, COMMERCIAL_MEDIATION, ADMINISTRATIVE_MEDIATION=P30D: no statutory period; the
//   centre holds them to the same 30 days as people's mediation, without an extension.
import { CHANNELS, type ChannelCode } from "@mediation/contracts/domain";
import { addDuration, type Duration, parseDuration } from "./duration.js";
import type { WorkingCalendar } from "./working-calendar.js";
import { addWorkingDays } from "./working-days.js";

export type LegalPeriod = { unit: "calendar"; duration: Duration; text: string } | { unit: "working-days"; days: number; text: string };

export interface ChannelPeriod {
  period: LegalPeriod;
  /** The one extension the channel allows, if any. */
  extension?: LegalPeriod;
}

export type ChannelPeriods = Partial<Record<ChannelCode, ChannelPeriod>>;

export const DEFAULT_CHANNEL_PERIODS =
  "PEOPLES_MEDIATION=P30D+ext:P30D,LAWYER_MEDIATION=P30D,CONSUMER_ASSOCIATION=7WD," +
  "COMMERCIAL_MEDIATION=P30D,LABOUR_MEDIATION=P15D,ADMINISTRATIVE_MEDIATION=P30D";

export class ChannelPeriodError extends Error {
  override name = "ChannelPeriodError";
}

const WORKING_DAYS = /^(\d+)WD$/;
const EXTENSION = "+ext:";

/** One period: "7WD" (working days) or an ISO-8601 duration such as "P15D". */
export function parseLegalPeriod(text: string): LegalPeriod {
  const trimmed = text.trim();
  const working = WORKING_DAYS.exec(trimmed);
  if (working) {
    const days = Number(working[1]);
    if (days < 1 || days > 366) throw new Error(`"${trimmed}" must be from 1WD to 366WD`);
    return { unit: "working-days", days, text: trimmed };
  }
  let duration: Duration;
  try {
    duration = parseDuration(trimmed);
  } catch {
    throw new Error(`"${trimmed}" is neither working days like 7WD nor an ISO-8601 duration like P15D or P1M`);
  }
  if (!duration.months && !duration.days && !duration.ms) throw new Error(`"${trimmed}" is an empty period`);
  return { unit: "calendar", duration, text: trimmed };
}

/** Parses CHANNEL_PERIODS; an error names the entry, the channel and the value that is wrong. */
export function parseChannelPeriods(text: string, variable = "CHANNEL_PERIODS"): ChannelPeriods {
  const result: ChannelPeriods = {};
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const equals = entry.indexOf("=");
    const channel = (equals < 0 ? entry : entry.slice(0, equals)).trim();
    const value = equals < 0 ? "" : entry.slice(equals + 1).trim();
    if (!CHANNELS.includes(channel as ChannelCode))
      throw new ChannelPeriodError(`${variable}: "${channel}" in "${entry}" is not a channel; use one of ${CHANNELS.join(", ")}`);
    const code = channel as ChannelCode;
    if (!value)
      throw new ChannelPeriodError(`${variable}: ${code} has no period; write ${code}=P15D, ${code}=7WD or ${code}=P30D+ext:P30D`);
    if (result[code]) throw new ChannelPeriodError(`${variable}: ${code} is given twice`);
    const [main = "", extension, ...rest] = value.split(EXTENSION);
    if (rest.length) throw new ChannelPeriodError(`${variable}: ${code}="${value}" has more than one extension; at most one is allowed`);
    try {
      result[code] =
        extension === undefined
          ? { period: parseLegalPeriod(main) }
          : { period: parseLegalPeriod(main), extension: parseLegalPeriod(extension) };
    } catch (error) {
      throw new ChannelPeriodError(`${variable}: ${code}="${value}": ${(error as Error).message}`);
    }
  }
  return result;
}

/** When a period that starts with the event at `from` ends. Working days need the calendar. */
export function endOfPeriod(calendar: WorkingCalendar, from: Date, period: LegalPeriod): Date {
  return period.unit === "calendar" ? addDuration(from, period.duration) : addWorkingDays(calendar, from, period.days);
}
