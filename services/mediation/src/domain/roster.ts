// The roster and who gets offered a case. Pure.
import { CATEGORIES, type CategoryCode, CENTRE_CODE, type ChannelCode, type FieldViolation, PERSON_ID } from "@mediation/contracts/domain";

/**
 * The channels this service mediates, each with people on the roster: the street centre's people's
 * mediators (人民调解法), lawyer mediators, a consumer association's staff (消费者权益保护法 第三十七条),
 * commercial mediators, labour dispute mediators (劳动争议调解仲裁法 第十条) and an administrative
 * body's officers. Terminal and supervisory channels are not offered to mediators.
 */
export const HANDLED_CHANNELS: readonly ChannelCode[] = [
  "PEOPLES_MEDIATION",
  "LAWYER_MEDIATION",
  "CONSUMER_ASSOCIATION",
  "COMMERCIAL_MEDIATION",
  "LABOUR_MEDIATION",
  "ADMINISTRATIVE_MEDIATION",
];

export type MediatorStatus = "AVAILABLE" | "AWAY" | "OFF";
export const MEDIATOR_STATUSES: readonly MediatorStatus[] = ["AVAILABLE", "AWAY", "OFF"];

export interface Mediator {
  mediatorId: string;
  displayName: string;
  /** A street centre's code, or the district pool's. */
  centreCode: string;
  /** The channels whose cases this person takes (HANDLED_CHANNELS). */
  channels: ChannelCode[];
  categories: CategoryCode[];
  languages: string[];
  maxOpenCases: number;
  status: MediatorStatus;
}

export interface Roster {
  mediators: Mediator[];
  /** Centre code → the supervisor who takes what no mediator could. */
  supervisors: Record<string, string>;
}

export class RosterError extends Error {
  override name = "RosterError";
}

/** Checks one mediator; returns the problems, each field prefixed with `at`. */
export function mediatorProblems(m: Partial<Mediator>, at = ""): FieldViolation[] {
  const problems: FieldViolation[] = [];
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if (typeof m.mediatorId !== "string" || !PERSON_ID.test(m.mediatorId))
    problems.push({ field: field("mediatorId"), problem: `1-32 letters, digits, _ or -` });
  if (typeof m.displayName !== "string" || !m.displayName.trim() || m.displayName.length > 100)
    problems.push({ field: field("displayName"), problem: `required, at most 100 characters` });
  if (typeof m.centreCode !== "string" || !CENTRE_CODE.test(m.centreCode))
    problems.push({ field: field("centreCode"), problem: `2-16 upper-case letters or digits` });
  if (!Array.isArray(m.channels) || m.channels.length === 0)
    problems.push({ field: field("channels"), problem: `at least one of ${HANDLED_CHANNELS.join(", ")}` });
  for (const c of m.channels ?? [])
    if (!HANDLED_CHANNELS.includes(c)) problems.push({ field: field("channels"), problem: `${String(c)} is not a channel mediators take` });
  if (!Array.isArray(m.categories) || m.categories.length === 0)
    problems.push({ field: field("categories"), problem: `at least one of ${CATEGORIES.join(", ")}` });
  for (const c of m.categories ?? [])
    if (!CATEGORIES.includes(c)) problems.push({ field: field("categories"), problem: `unknown category ${String(c)}` });
  if (!Number.isInteger(m.maxOpenCases) || (m.maxOpenCases as number) < 1 || (m.maxOpenCases as number) > 1000)
    problems.push({ field: field("maxOpenCases"), problem: `a whole number from 1 to 1000` });
  if (!MEDIATOR_STATUSES.includes(m.status as MediatorStatus)) problems.push({ field: field("status"), problem: `AVAILABLE, AWAY or OFF` });
  if (m.languages !== undefined && (!Array.isArray(m.languages) || m.languages.some((l) => typeof l !== "string")))
    problems.push({ field: field("languages"), problem: `a list of language codes` });
  return problems;
}

/** Parses a roster file's JSON ({ mediators: [...], supervisors: { centre: id } }), naming every problem. */
export function parseRoster(json: unknown): Roster {
  const root = (json ?? {}) as { mediators?: unknown; supervisors?: unknown };
  if (typeof json !== "object" || !Array.isArray(root.mediators))
    throw new RosterError('the roster must be a JSON object { "mediators": [...], "supervisors": { "JD01": "S-JD01" } }');
  const problems: string[] = [];
  const seen = new Set<string>();
  const mediators = root.mediators.map((raw, i): Mediator => {
    const m = { status: "AVAILABLE", languages: [], channels: ["PEOPLES_MEDIATION"], ...(raw as object) } as unknown as Mediator;
    problems.push(...mediatorProblems(m, `mediators[${i}]`).map((p) => `${p.field}: ${p.problem}`));
    if (seen.has(m.mediatorId)) problems.push(`mediators[${i}].mediatorId: ${m.mediatorId} appears twice`);
    seen.add(m.mediatorId);
    return m;
  });
  const supervisors = (root.supervisors ?? {}) as Record<string, unknown>;
  for (const [centre, id] of Object.entries(supervisors))
    if (typeof id !== "string" || !id) problems.push(`supervisors.${centre}: a supervisor id`);
  if (problems.length) throw new RosterError(`the roster has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  return { mediators, supervisors: supervisors as Record<string, string> };
}

export interface CaseNeeds {
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
  /** The mediator the parties chose (art. 17), or "". */
  preferredMediatorId: string;
}

export interface MediatorLoad {
  /** Open cases (offered or in hand), counted from the cases themselves. */
  open: number;
  /** ISO time of the last offer made to the mediator, or "" if never. */
  lastOfferedAt: string;
}

export type ChoiceReason = "CHOSEN_BY_PARTIES" | "CENTRE" | "DISTRICT_POOL";

const canTake = (m: Mediator, load: MediatorLoad, exclude: ReadonlySet<string>) =>
  m.status === "AVAILABLE" && load.open < m.maxOpenCases && !exclude.has(m.mediatorId);

/**
 * Who to offer a case to: someone who serves the case's channel and category. The parties' chosen mediator first when available (art. 17); then the
 * dispute's centre, then the district pool; among them the fewest open cases, then the longest
 * since the last offer, so one mediator is not flooded; then the id, so the choice is repeatable.
 */
export function chooseMediator(
  mediators: Mediator[],
  needs: CaseNeeds,
  loadOf: (mediatorId: string) => MediatorLoad,
  exclude: ReadonlySet<string>,
  districtPoolCode: string,
): { mediator: Mediator; reason: ChoiceReason } | undefined {
  const chosen = mediators.find((m) => m.mediatorId === needs.preferredMediatorId);
  if (chosen?.channels.includes(needs.channel) && canTake(chosen, loadOf(chosen.mediatorId), exclude))
    return { mediator: chosen, reason: "CHOSEN_BY_PARTIES" };
  for (const [pool, reason] of [
    [needs.centreCode, "CENTRE"],
    [districtPoolCode, "DISTRICT_POOL"],
  ] as const) {
    const candidates = mediators
      .filter((m) => m.centreCode === pool && m.channels.includes(needs.channel) && m.categories.includes(needs.category))
      .map((m) => ({ m, load: loadOf(m.mediatorId) }))
      .filter(({ m, load }) => canTake(m, load, exclude));
    candidates.sort(
      (a, b) =>
        a.load.open - b.load.open ||
        a.load.lastOfferedAt.localeCompare(b.load.lastOfferedAt) ||
        a.m.mediatorId.localeCompare(b.m.mediatorId),
    );
    if (candidates[0]) return { mediator: candidates[0].m, reason };
  }
  return undefined;
}
