// How long an item has waited, as the work queue says it: the largest two units, in each language.
import { describe, expect, it } from "vitest";
import { age } from "./format";
import { translator } from "./i18n";

const zh = translator("zh-CN");
const en = translator("en");

describe("the age of a waiting item", () => {
  it.each([
    [0, "不到1分钟", "under 1 min"],
    [59, "不到1分钟", "under 1 min"],
    [60, "1分钟", "1 min"],
    [3_599, "59分钟", "59 min"],
    [3_600, "1小时0分", "1 h 0 min"],
    [5 * 3_600 + 12 * 60 + 30, "5小时12分", "5 h 12 min"],
    [3 * 86_400 + 5 * 3_600 + 59 * 60, "3天5小时", "3 d 5 h"],
  ])("%i seconds is %s (%s)", (seconds, chinese, english) => {
    expect(age(seconds, zh)).toBe(chinese);
    expect(age(String(seconds), en)).toBe(english);
  });

  it("counts nothing missing or negative as waiting", () => {
    expect(age(undefined, zh)).toBe("不到1分钟");
    expect(age(-5, zh)).toBe("不到1分钟");
  });
});
