// The rows of the report's newer sections, shared by the CSV and HTML exports: each channel's ends by
// outcome, and the disputes waiting for an owner.
import type { MonthlyReport } from "../../domain/monthly-report.js";
import { type Language, WORDS } from "./labels.js";
import { channelName, outcomeName } from "./names-zh.js";

/** [channel, outcome, count] in the report's language. */
export function endedRows(report: MonthlyReport, language: Language): string[][] {
  return (report.figures.endedByChannel ?? []).map((e) => [
    channelName(e.channel, language),
    outcomeName(e.outcome, language),
    String(e.count),
  ]);
}

const KIND_NAMES = {
  zh: { total: "合计", triage: "人工分流待决定", escalation: "区级提级待认领", awaitingMediator: "待指派调解员" },
  en: {
    total: "Total",
    triage: "Triage, no decision yet",
    escalation: "District escalation, not acknowledged",
    awaitingMediator: "Case awaiting a mediator",
  },
} as const;

/** An age in whole days and hours, e.g. "2天3小时" or "2 d 3 h". */
export function ageText(seconds: number, language: Language): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (language === "zh") return days ? `${days}天${hours}小时` : hours ? `${hours}小时${minutes}分` : `${minutes}分`;
  return days ? `${days} d ${hours} h` : hours ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** An instant as Asia/Shanghai wall time, e.g. "2026-11-30 10:05 北京时间". */
export function shanghaiTime(iso: string, language: Language): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${language === "zh" ? "北京时间" : "Asia/Shanghai"}`;
}

/** [kind, count] rows, then the oldest age and the time they are counted at; none for reports published before the figure existed. */
export function waitingRows(report: MonthlyReport, language: Language): string[][] {
  const waiting = report.waitingForOwner;
  if (!waiting) return [];
  const names = KIND_NAMES[language];
  const w = WORDS[language];
  return [
    [names.total, String(waiting.total)],
    [names.triage, String(waiting.triage)],
    [names.escalation, String(waiting.escalation)],
    [names.awaitingMediator, String(waiting.awaitingMediator)],
    [w.oldest, waiting.total ? ageText(waiting.oldestAgeSeconds, language) : w.none],
    [w.waitingAsOf, shanghaiTime(waiting.asOf, language)],
  ];
}
