// A generated month for the district: disputes from 14 street centres in the district's category mix,
// each with the channel the routing policy (services/routing/policy.yaml) must give it, and the roster
// of people who serve every channel. Seeded (mulberry32), so a failing run can be replayed exactly.
import { randomUUID } from "node:crypto";
import { type CategoryCode, type ChannelCode, categoryCodec, intake } from "@mediation/contracts";
import type { TestRoster } from "./centre-fixture.js";
import { aDispute } from "./disputes.js";

/** mulberry32: a small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number in [0, 1) fixed by the seed, the dispute and the step: the same whatever order the work is done in. */
export const draw = (seed: number, index: number, step: number) => seeded(seed ^ Math.imul(index + 1, 0x9e3779b1) ^ (step * 7919))();

export const CENTRES = Array.from({ length: 14 }, (_, i) => `JD${String(i + 1).padStart(2, "0")}`);
/** This centre's people's mediators are away all month: its cases wait for the supervisor to assign them. */
export const CENTRE_AWAY = "JD14";

const YUAN = 100n;
/** The district's mix, in percent: category, claim range in yuan, and the channel the policy gives. */
const MIX: Array<{ weight: number; category: CategoryCode; yuan: [number, number]; channel: ChannelCode }> = [
  { weight: 13, category: "FAMILY", yuan: [0, 0], channel: "PEOPLES_MEDIATION" },
  { weight: 10, category: "NEIGHBOUR", yuan: [0, 20_000], channel: "PEOPLES_MEDIATION" },
  { weight: 8, category: "SMALL_DEBT", yuan: [1_000, 50_000], channel: "PEOPLES_MEDIATION" },
  { weight: 3, category: "SMALL_DEBT", yuan: [50_001, 300_000], channel: "LAWYER_MEDIATION" },
  { weight: 5, category: "HOUSING_RENTAL", yuan: [2_000, 100_000], channel: "PEOPLES_MEDIATION" },
  { weight: 1, category: "HOUSING_RENTAL", yuan: [100_001, 900_000], channel: "LAWYER_MEDIATION" },
  { weight: 4, category: "PROPERTY_MANAGEMENT", yuan: [500, 60_000], channel: "PEOPLES_MEDIATION" },
  { weight: 2, category: "EDUCATION_TRAINING", yuan: [1_000, 40_000], channel: "PEOPLES_MEDIATION" },
  { weight: 3, category: "DAMAGES", yuan: [1_000, 100_000], channel: "PEOPLES_MEDIATION" },
  { weight: 2, category: "DAMAGES", yuan: [100_001, 2_000_000], channel: "LAWYER_MEDIATION" },
  { weight: 14, category: "CONSUMER", yuan: [100, 30_000], channel: "CONSUMER_ASSOCIATION" },
  { weight: 6, category: "COMMERCIAL", yuan: [10_000, 5_000_000], channel: "COMMERCIAL_MEDIATION" },
  { weight: 13, category: "LABOUR_WAGES", yuan: [3_000, 200_000], channel: "LABOUR_MEDIATION" },
  { weight: 4, category: "ADMINISTRATIVE", yuan: [0, 100_000], channel: "ADMINISTRATIVE_MEDIATION" },
  { weight: 3, category: "DEMOLITION_RESETTLEMENT", yuan: [100_000, 3_000_000], channel: "DISTRICT_ESCALATION" },
  { weight: 9, category: "OTHER", yuan: [0, 50_000], channel: "TRIAGE" },
];

export interface PlannedDispute {
  index: number;
  centre: string;
  category: CategoryCode;
  /** The channel the policy must route it to first. */
  channel: ChannelCode;
  /** The risk alert it raises, if any (then it is escalated to the district). */
  risk?: "RED" | "ORANGE" | "YELLOW";
  request: Partial<intake.SubmitDisputeRequest>;
}

const person = (role: intake.PartyRole, name: string): intake.Party => ({
  role,
  kind: intake.PartyKind.PARTY_KIND_PERSON,
  name,
  idNumber: "",
  phone: "",
});

/**
 * `total` disputes in the mix, plus the month's risks: a respondent named in five disputes at one
 * centre (the fifth raises a YELLOW alert), a must-report dispute (RED) and a group of twelve
 * claimants (ORANGE).
 */
export function planMonth(seed: number, total: number): PlannedDispute[] {
  const next = seeded(seed);
  const sum = MIX.reduce((s, m) => s + m.weight, 0);
  const plan: PlannedDispute[] = [];
  const add = (p: Omit<PlannedDispute, "index" | "request">, overrides: Partial<intake.SubmitDisputeRequest>) =>
    plan.push({
      ...p,
      index: plan.length,
      request: aDispute({ centreCode: p.centre, category: categoryCodec.fromCode(p.category), ...overrides }),
    });
  const repeated = `重复被申请人-${randomUUID().slice(0, 8)}`;
  for (let i = 0; i < 5; i++) {
    const parties = [person(intake.PartyRole.PARTY_ROLE_CLAIMANT, `业主${i}`), person(intake.PartyRole.PARTY_ROLE_RESPONDENT, repeated)];
    add(
      {
        centre: "JD07",
        category: "FAMILY",
        channel: i < 4 ? "PEOPLES_MEDIATION" : "DISTRICT_ESCALATION",
        ...(i === 4 ? { risk: "YELLOW" } : {}),
      },
      { parties },
    );
  }
  add({ centre: "JD03", category: "NEIGHBOUR", channel: "DISTRICT_ESCALATION", risk: "RED" }, { mustReport: true });
  const claimants = Array.from({ length: 12 }, (_, i) => person(intake.PartyRole.PARTY_ROLE_CLAIMANT, `工人${i}`));
  const boss = person(intake.PartyRole.PARTY_ROLE_RESPONDENT, `欠薪企业-${randomUUID().slice(0, 8)}`);
  add({ centre: "JD11", category: "LABOUR_WAGES", channel: "DISTRICT_ESCALATION", risk: "ORANGE" }, { parties: [...claimants, boss] });
  while (plan.length < total) {
    const roll = next() * sum;
    const mix = MIX.find((_, i) => roll < MIX.slice(0, i + 1).reduce((s, m) => s + m.weight, 0)) ?? (MIX.at(-1) as (typeof MIX)[number]);
    const centre = CENTRES[Math.floor(next() * CENTRES.length)] as string;
    const yuan = mix.yuan[0] + Math.floor(next() * (mix.yuan[1] - mix.yuan[0] + 1));
    add({ centre, category: mix.category, channel: mix.channel }, { claimAmountFen: BigInt(yuan) * YUAN });
  }
  return plan;
}

const PEOPLES_CATEGORIES = [
  "FAMILY",
  "NEIGHBOUR",
  "SMALL_DEBT",
  "HOUSING_RENTAL",
  "PROPERTY_MANAGEMENT",
  "EDUCATION_TRAINING",
  "DAMAGES",
  "OTHER",
  "LABOUR_WAGES",
];

/** Two people's mediators per street centre; the district pool serves the other mediation channels. */
export function monthRoster(): TestRoster {
  const pool = (mediatorId: string, channel: ChannelCode, categories: string[]) => ({
    mediatorId,
    centreCode: "DISTRICT",
    channels: [channel],
    categories,
    maxOpenCases: 1000,
  });
  return {
    mediators: [
      ...CENTRES.flatMap((centreCode) =>
        [1, 2].map((i) => ({
          mediatorId: `M-${centreCode}-${i}`,
          centreCode,
          categories: PEOPLES_CATEGORIES,
          maxOpenCases: 1000,
          status: centreCode === CENTRE_AWAY ? "AWAY" : "AVAILABLE",
        })),
      ),
      pool("LAW1", "LAWYER_MEDIATION", [
        "SMALL_DEBT",
        "HOUSING_RENTAL",
        "PROPERTY_MANAGEMENT",
        "EDUCATION_TRAINING",
        "DAMAGES",
        "OTHER",
        "DEMOLITION_RESETTLEMENT",
      ]),
      pool("CON1", "CONSUMER_ASSOCIATION", ["CONSUMER"]),
      pool("COM1", "COMMERCIAL_MEDIATION", ["COMMERCIAL", "OTHER"]),
      pool("LAB1", "LABOUR_MEDIATION", ["LABOUR_WAGES"]),
      pool("ADM1", "ADMINISTRATIVE_MEDIATION", ["ADMINISTRATIVE", "DEMOLITION_RESETTLEMENT"]),
    ],
    supervisors: Object.fromEntries(CENTRES.map((c) => [c, `S-${c}`])),
  };
}

/** The district pool's mediator for each channel other than people's mediation. */
export const POOL_BY_CHANNEL: Partial<Record<ChannelCode, string>> = {
  LAWYER_MEDIATION: "LAW1",
  CONSUMER_ASSOCIATION: "CON1",
  COMMERCIAL_MEDIATION: "COM1",
  LABOUR_MEDIATION: "LAB1",
  ADMINISTRATIVE_MEDIATION: "ADM1",
};
export const allMediators = (roster: TestRoster) => roster.mediators.map((m) => m.mediatorId);
