// How long an item has waited, as the work queue says it: the largest two units, in each language.
import { describe, expect, it } from "vitest";
import { age, inLanguage, personLabel } from "./format";
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

describe("who did something", () => {
  it("reads a development sign-in's subject as its role and centre, in each language", () => {
    expect(personLabel("dev:supervisor:JD01", zh)).toBe("督导（JD01）");
    expect(personLabel("dev:supervisor:JD01", en)).toBe("Supervisor (JD01)");
    expect(personLabel("dev:supervisor:district", zh)).toBe("督导（区中心）");
    expect(personLabel("dev:mediator:M-JD01-01", zh)).toBe("调解员（M-JD01-01）");
  });

  it("leaves any other subject as it is", () => {
    expect(personLabel("3f2a-idp-subject", zh)).toBe("3f2a-idp-subject");
    expect(personLabel("dev:unknown:JD01", zh)).toBe("dev:unknown:JD01");
    expect(personLabel(undefined, zh)).toBe("");
  });
});

describe("text given in both languages", () => {
  it("is English when chosen and given, the Chinese otherwise", () => {
    expect(inLanguage("en", "婚姻家庭纠纷先行人民调解", "family disputes first")).toBe("family disputes first");
    expect(inLanguage("zh-CN", "婚姻家庭纠纷先行人民调解", "family disputes first")).toBe("婚姻家庭纠纷先行人民调解");
    // An older reason, or a person's own words, has no English: it shows as it is.
    expect(inLanguage("en", "no rule applies", "")).toBe("no rule applies");
  });
});
