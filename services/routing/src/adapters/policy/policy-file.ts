// Reads a policy file: YAML, checked against its schema and the law's invariants. Every problem
// is reported with its line and field, e.g. "line 14 (rules[2].channel): ...".
import { CATEGORIES, CENTRE_CODE, CHANNELS, RISK_LEVELS } from "@mediation/contracts";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { type Policy, policyProblems } from "../../domain/policy.js";

const category = z.enum(CATEGORIES);
const channel = z.enum(CHANNELS);
const level = z.enum(RISK_LEVELS);
const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
// Both names checked with the owner's level by policyProblems: a missing one is "".
const owner = z.strictObject(
  { name: z.string().max(100).default(""), nameEn: z.string().max(100).default("") },
  { error: "an owner is named in Chinese and in English, e.g. `{ name: 区中心主任, nameEn: district centre director }`" },
);

const schema = z.strictObject({
  version: z.string().min(1).max(64),
  rules: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z0-9.+-]+$/, "lower-case letters, digits and . + -"),
        when: z.strictObject({
          categories: z.array(category).min(1).optional(),
          amountAtMostFen: fen.optional(),
          amountOverFen: fen.optional(),
          claimantsAtLeast: z.number().int().min(1).optional(),
          centres: z.array(z.string().regex(CENTRE_CODE)).min(1).optional(),
        }),
        channel,
        mediationFirst: z.boolean(),
        // Both checked with the rule's name by policyProblems: a missing one is "".
        reason: z.string().max(300).default(""),
        reasonEn: z.string().max(300).default(""),
      }),
    )
    .min(1),
  preferences: z.partialRecord(category, z.array(channel)).default({}),
  onward: z.strictObject({ default: channel, byCategory: z.partialRecord(category, channel).default({}) }),
  risk: z.strictObject({
    mustReport: z.strictObject({ level }),
    massClaimants: z.strictObject({ atLeast: z.number().int().min(2), level }),
    sameRespondent: z.strictObject({ atLeast: z.number().int().min(2), withinDays: z.number().int().min(1).max(366), level }),
    owners: z.strictObject({ YELLOW: owner, ORANGE: owner, RED: owner }),
  }),
});

export class PolicyError extends Error {
  override name = "PolicyError";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: the policy was refused:\n  ${problems.join("\n  ")}`);
  }
}

const formatPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");

/** Parses and checks a policy; throws PolicyError naming each problem's line and field. */
export function parsePolicy(text: string, source = "policy"): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    throw new PolicyError(
      source,
      doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? "?"}: ${e.message.split("\n")[0]}`),
    );
  }
  const lineOf = (path: readonly PropertyKey[]): string => {
    // The deepest node of the path that exists: a missing field is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return `line ${lines.linePos(node.range[0]).line}`;
    }
    return "line ?";
  };
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new PolicyError(
      source,
      parsed.error.issues.map((issue) => `${lineOf(issue.path)} (${formatPath(issue.path) || "top level"}): ${issue.message}`),
    );
  }
  const policy = parsed.data as Policy;
  const problems = policyProblems(policy);
  if (problems.length)
    throw new PolicyError(
      source,
      problems.map((p) => `${lineOf(p.path)} (${formatPath(p.path)}): ${p.message}`),
    );
  return policy;
}
