// Dates in Asia/Shanghai, money from integer fen, in the language in use.
import type { Language } from "./i18n";

const ZONE = "Asia/Shanghai";

export function dateTime(iso: string | undefined, language: Language): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(language, { timeZone: ZONE, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function date(iso: string | undefined, language: Language): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(language, { timeZone: ZONE, dateStyle: "medium" }).format(new Date(iso));
}

/** "123450" fen → "1,234.50", exactly (no floating point). */
export function yuan(fen: string | undefined): string {
  const value = BigInt(fen ?? "0");
  const whole = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${(value % 100n).toString().padStart(2, "0")}`;
}

/** This month in Shanghai, like 2026-11. */
export function shanghaiMonth(now = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit" }).formatToParts(now);
  return `${parts.find((p) => p.type === "year")?.value}-${parts.find((p) => p.type === "month")?.value}`;
}

/** A date typed in a date field (YYYY-MM-DD) as the end of that day in Shanghai. */
export function endOfShanghaiDay(day: string): string {
  return new Date(`${day}T23:59:59+08:00`).toISOString();
}

/** Text a service gives in Chinese (`zh`) and English (`en`): English when chosen and given, else the Chinese. */
export function inLanguage(language: Language, zh: string | undefined, en: string | undefined): string {
  return (language === "en" && en ? en : zh) ?? "";
}

const DEV_SUBJECT = /^dev:(centre|mediator|supervisor|analyst|admin):(.+)$/;

/**
 * Who did something, as a person reads it: a development sign-in's subject (dev:supervisor:JD01) as
 * 督导（JD01）, the district's as 督导（区中心）; any other subject (an identity provider's) as it is.
 */
export function personLabel(subject: string | undefined, t: (key: string, values?: Record<string, string>) => string): string {
  const dev = DEV_SUBJECT.exec(subject ?? "");
  if (!dev) return subject ?? "";
  const [, role, bound] = dev;
  return t("app.subject", { role: t(`app.roles.${role}`), where: bound === "district" ? t("app.district") : (bound ?? "") });
}

/** How long something has waited, like 3天5小时 (or 3 d 5 h): `t` is the language's translator. */
export function age(seconds: number | string | undefined, t: (key: string, values?: Record<string, number>) => string): string {
  const s = Math.max(0, Math.floor(Number(seconds ?? 0)));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return t("queue.ages.days", { d, h });
  if (h > 0) return t("queue.ages.hours", { h, m });
  return m > 0 ? t("queue.ages.minutes", { m }) : t("queue.ages.under");
}
