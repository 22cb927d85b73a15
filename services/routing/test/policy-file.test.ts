import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "../src/adapters/policy/policy-file.js";
import { PolicyHolder } from "../src/application/policy-holder.js";
import { DEFAULT_POLICY } from "../src/config.js";
import { shipped } from "./shipped-policy.js";

const shippedText = readFileSync(DEFAULT_POLICY, "utf8");

function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, "test.yaml");
    return [];
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error.problems;
  }
}

const lineOf = (text: string, fragment: string) => text.split("\n").findIndex((l) => l.includes(fragment)) + 1;

describe("a policy file", () => {
  it("ships valid", () => {
    expect(problemsOf(shippedText)).toEqual([]);
  });

  it("is refused with the line and field of an unknown channel", () => {
    const broken = shippedText.replace("channel: CONSUMER_ASSOCIATION", "channel: CONSUMER_BUREAU");
    expect(problemsOf(broken)).toEqual([
      expect.stringMatching(new RegExp(`^line ${lineOf(broken, "CONSUMER_BUREAU")} \\(rules\\[4\\]\\.channel\\): `)),
    ]);
  });

  it("is refused with the line of a YAML syntax error", () => {
    const broken = shippedText.replace("  - name: commercial\n", "  - name: commercial\n   oops: [unclosed\n");
    expect(problemsOf(broken)[0]).toMatch(/^line \d+: /);
  });

  it("names a missing field at its parent", () => {
    const broken = shippedText.replace("  mustReport: { level: RED }\n", "");
    expect(problemsOf(broken)).toEqual([expect.stringMatching(/^line \d+ \(risk\.mustReport\): /)]);
  });

  it("is refused when it would send family disputes straight to litigation guidance", () => {
    const broken = shippedText.replace(
      "    channel: PEOPLES_MEDIATION\n    mediationFirst: true\n    reason: 婚姻家庭纠纷",
      "    channel: LITIGATION_GUIDANCE\n    mediationFirst: false\n    reason: 婚姻家庭纠纷",
    );
    expect(problemsOf(broken).join("\n")).toMatch(/rules\[0\]\.channel\): family, neighbour and small-debt disputes go to mediation first/);
  });

  it("gives every rule its reason in Chinese and in English", () => {
    const family = shipped.rules.find((r) => r.name === "mediation-first.family");
    expect(family).toMatchObject({ reason: "婚姻家庭纠纷先行人民调解", reasonEn: "family disputes go to people's mediation first" });
    for (const rule of shipped.rules) {
      expect(rule.reason, rule.name).toMatch(/\p{Script=Han}/u);
      expect(rule.reasonEn, rule.name).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it("refuses a rule whose reason is not in Chinese, naming the rule and its line", () => {
    const broken = shippedText.replace(
      "    reason: 邻里纠纷先行人民调解\n",
      "    reason: neighbour disputes go to people's mediation first\n",
    );
    const line = lineOf(broken, "reason: neighbour disputes");
    expect(problemsOf(broken)).toEqual([
      `line ${line} (rules[1].reason): rule "mediation-first.neighbour" needs its reason in Chinese (e.g. \`reason: 家事纠纷先行人民调解\`); got "neighbour disputes go to people's mediation first"`,
    ]);
  });

  it("refuses a rule without its Chinese reason, or without the English, naming the rule", () => {
    const noChinese = shippedText.replace("    reason: 5万元以上债务纠纷由律师调解\n", "");
    expect(problemsOf(noChinese)).toEqual([
      expect.stringMatching(/^line \d+ \(rules\[3\]\.reason\): rule "small-debt\.over-threshold" needs its reason in Chinese/),
    ]);
    const noEnglish = shippedText.replace("    reasonEn: disputes between businesses go to commercial mediation\n", "");
    expect(problemsOf(noEnglish)).toEqual([
      expect.stringMatching(/^line \d+ \(rules\[5\]\.reasonEn\): rule "commercial" needs its reason in English as well/),
    ]);
  });

  it("names each risk owner in Chinese and in English", () => {
    expect(shipped.risk.owners.RED).toEqual({ name: "区中心主任", nameEn: "district centre director" });
    for (const [level, owner] of Object.entries(shipped.risk.owners)) {
      expect(owner.name, level).toMatch(/\p{Script=Han}/u);
      expect(owner.nameEn, level).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it("refuses a risk owner without its Chinese name, or without the English, naming the level and its line", () => {
    const english = shippedText.replace("name: 区中心副主任,", "name: district centre deputy director,");
    expect(problemsOf(english)).toEqual([
      `line ${lineOf(english, "ORANGE: {")} (risk.owners.ORANGE.name): the ORANGE risk owner needs its name in Chinese (e.g. \`name: 区中心主任\`); got "district centre deputy director"`,
    ]);
    const noChinese = shippedText.replace("name: 区中心主任, ", "");
    expect(problemsOf(noChinese)).toEqual([
      expect.stringMatching(/^line \d+ \(risk\.owners\.RED\.name\): the RED risk owner needs its name in Chinese/),
    ]);
    const noEnglish = shippedText.replace(", nameEn: district duty officer", "");
    expect(problemsOf(noEnglish)).toEqual([
      expect.stringMatching(/^line \d+ \(risk\.owners\.YELLOW\.nameEn\): the YELLOW risk owner needs its name in English as well/),
    ]);
  });

  it("refuses an owner given as one plain name, saying how to write it", () => {
    const plain = shippedText.replace("RED: { name: 区中心主任, nameEn: district centre director }", "RED: district centre director");
    expect(problemsOf(plain)).toEqual([
      `line ${lineOf(plain, "RED: district")} (risk.owners.RED): an owner is named in Chinese and in English, e.g. \`{ name: 区中心主任, nameEn: district centre director }\``,
    ]);
  });

  it("must end with a rule that has no conditions", () => {
    const broken = shippedText.replace("    when: {}\n    channel: TRIAGE", "    when: { categories: [OTHER] }\n    channel: TRIAGE");
    expect(problemsOf(broken).join("\n")).toMatch(/the last rule must have no conditions/);
  });
});

describe("reloading the policy", () => {
  it("keeps the old policy when the new one is refused, and says why", () => {
    let text = shippedText;
    const holder = new PolicyHolder(() => ({ text, from: "test.yaml" }), parsePolicy);
    text = shippedText.replace('version: "2026-11.2"', 'version: "2026-12.1"').replace("atLeast: 10", "atLeast: 20");
    expect(holder.reload()).toEqual({ ok: true, version: "2026-12.1", changed: true });
    expect(holder.policy.risk.massClaimants.atLeast).toBe(20);
    text = "version: 3\nrules: nope\n";
    const refused = holder.reload();
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.error).toMatch(/line \d+ \(version\)/);
    expect(holder.policy.version).toBe("2026-12.1");
  });
});
