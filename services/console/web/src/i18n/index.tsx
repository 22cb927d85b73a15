// The language in use and `t`, which looks a message up by its dotted key.
import { createContext, useContext } from "react";
import { en } from "./en";
import { type Messages, zhCN } from "./zh-CN";

export type Language = "zh-CN" | "en";
export const MESSAGES: Record<Language, Messages> = { "zh-CN": zhCN, en };

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  /** The message at a dotted key, with {name} filled in; the key itself when missing. */
  t(key: string, values?: Record<string, string | number>): string;
}

export function translator(language: Language): I18n["t"] {
  return (key, values) => {
    let node: unknown = MESSAGES[language];
    for (const part of key.split("."))
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    const text = typeof node === "string" ? node : key;
    return values ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? "")) : text;
  };
}

export const I18nContext = createContext<I18n>({ language: "zh-CN", setLanguage: () => undefined, t: translator("zh-CN") });
export const useI18n = () => useContext(I18nContext);
