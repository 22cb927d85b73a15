// The roster and who gets offered a case. Pure.
import { CATEGORIES, type CategoryCode } from "@mediation/contracts";

export type MediatorStatus = "AVAILABLE" | "AWAY" | "OFF";

export interface Mediator {
  mediatorId: string;
  displayName: string;
  centreCode: string;
  categories: CategoryCode[];
  /** Most open cases (offered or accepted) at once. */
  capacity: number;
  status: MediatorStatus;
}

export class RosterError extends Error {
  override name = "RosterError";
}

/** Parses a roster file's JSON, naming every problem by its position. */
export function parseRoster(json: unknown): Mediator[] {
  if (!Array.isArray(json)) throw new RosterError("the roster must be a JSON array of mediators");
  const problems: string[] = [];
  const seen = new Set<string>();
  const mediators = json.map((raw, i): Mediator => {
    const at = `[${i}]`;
    const m = (raw ?? {}) as Record<string, unknown>;
    const id = typeof m.mediatorId === "string" ? m.mediatorId : "";
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) problems.push(`${at}.mediatorId: 1-32 letters, digits, _ or -`);
    if (seen.has(id)) problems.push(`${at}.mediatorId: ${id} appears twice`);
    seen.add(id);
    if (typeof m.displayName !== "string" || !m.displayName) problems.push(`${at}.displayName: required`);
    if (typeof m.centreCode !== "string" || !/^[A-Z0-9]{2,16}$/.test(m.centreCode))
      problems.push(`${at}.centreCode: 2-16 upper-case letters or digits`);
    const categories = Array.isArray(m.categories) ? m.categories : [];
    if (!categories.length) problems.push(`${at}.categories: at least one of ${CATEGORIES.join(", ")}`);
    for (const c of categories)
      if (!CATEGORIES.includes(c as CategoryCode)) problems.push(`${at}.categories: unknown category ${String(c)}`);
    if (!Number.isInteger(m.capacity) || (m.capacity as number) < 1) problems.push(`${at}.capacity: a whole number of at least 1`);
    const status = m.status ?? "AVAILABLE";
    if (!["AVAILABLE", "AWAY", "OFF"].includes(status as string)) problems.push(`${at}.status: AVAILABLE, AWAY or OFF`);
    return {
      mediatorId: id,
      displayName: String(m.displayName ?? ""),
      centreCode: String(m.centreCode ?? ""),
      categories: categories as CategoryCode[],
      capacity: Number(m.capacity),
      status: status as MediatorStatus,
    };
  });
  if (problems.length) throw new RosterError(`the roster has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  return mediators;
}

export interface CaseNeeds {
  centreCode: string;
  category: CategoryCode;
}

/**
 * The mediator to offer a case to: of the dispute's centre, with the skill, AVAILABLE and under
 * capacity; the fewest open cases first, then the mediator id so the choice is repeatable.
 * `openCases` is counted from the cases themselves, not from a counter that could drift.
 */
export function chooseMediator(
  roster: Mediator[],
  needs: CaseNeeds,
  openCases: (mediatorId: string) => number,
  exclude: ReadonlySet<string> = new Set(),
): Mediator | undefined {
  const candidates = roster
    .filter(
      (m) =>
        m.centreCode === needs.centreCode &&
        m.categories.includes(needs.category) &&
        m.status === "AVAILABLE" &&
        !exclude.has(m.mediatorId),
    )
    .map((m) => ({ m, open: openCases(m.mediatorId) }))
    .filter(({ m, open }) => open < m.capacity);
  candidates.sort((a, b) => a.open - b.open || a.m.mediatorId.localeCompare(b.m.mediatorId));
  return candidates[0]?.m;
}
