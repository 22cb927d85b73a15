// The supervisor's work queue, pure: what a person may decide, the note they leave, who sees which
// centre, and the order of the queue.
import type { CategoryCode, ChannelCode, Violations } from "@mediation/contracts/domain";

export const WORK_KINDS = ["TRIAGE", "ESCALATION", "ESCALATION_DECISION", "RISK_ALERT", "AWAITING_MEDIATOR"] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** Channels a routing decision names but where nobody works on the dispute: a person must choose again. */
export const UNDECIDED_CHANNELS: ReadonlySet<ChannelCode> = new Set(["TRIAGE", "DISTRICT_ESCALATION"]);

/** Categories that go to mediation first (docs/domain-rules.md#mediation-first), a person's decision included. */
const MEDIATION_FIRST: ReadonlySet<CategoryCode> = new Set(["FAMILY", "NEIGHBOUR", "SMALL_DEBT"]);

const CONTROL = /(?![\t\n])\p{Cc}/u;
const MAX_TEXT = 500;

/** A required free text of at most 500 characters, without control characters (newline and tab allowed). */
export function checkText(v: Violations, field: string, text: string): Violations {
  return v
    .check(text.trim().length > 0, field, "is required")
    .check(text.length <= MAX_TEXT, field, `must be at most ${MAX_TEXT} characters; got ${text.length}`)
    .check(!CONTROL.test(text), field, "must not contain control characters (only newline and tab are allowed)");
}

/**
 * The channel a supervisor or district officer chooses. It must be a channel where the dispute is
 * handled (not TRIAGE or DISTRICT_ESCALATION again), and a person may not send a family, neighbour or
 * small-debt dispute straight to litigation guidance either (docs/domain-rules.md#mediation-first).
 */
export function checkManualChannel(v: Violations, category: CategoryCode, channel: ChannelCode | undefined): Violations {
  if (!channel) return v.add("channel", "is required");
  if (UNDECIDED_CHANNELS.has(channel)) return v.add("channel", `must be a channel that handles the dispute, not ${channel}`);
  return v.check(
    !(channel === "LITIGATION_GUIDANCE" && MEDIATION_FIRST.has(category)),
    "channel",
    `${category} disputes go to mediation first; LITIGATION_GUIDANCE is only reached onward`,
  );
}

/** The centres a caller acts for: a centre's supervisor their own, the district ("") every one. */
export function canActOn(callerCentre: string, itemCentre: string): boolean {
  return callerCentre === "" || callerCentre === itemCentre;
}

/** Seconds waited from `since` to `now`, never negative. */
export function ageSeconds(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
}

/** Oldest first; the item id breaks ties, so that paging is stable. */
export function queueOrder(a: { waitingSince: string; id: string }, b: { waitingSince: string; id: string }): number {
  return a.waitingSince < b.waitingSince ? -1 : a.waitingSince > b.waitingSince ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The page token: where the last page ended, as "<waitingSince>|<id>". */
export function pageToken(last: { waitingSince: string; id: string }): string {
  return Buffer.from(`${last.waitingSince}|${last.id}`, "utf8").toString("base64url");
}

export function afterToken(v: Violations, token: string): { waitingSince: string; id: string } | undefined {
  if (!token) return undefined;
  const [waitingSince, id] = Buffer.from(token, "base64url").toString("utf8").split("|");
  if (!waitingSince || !id || Number.isNaN(Date.parse(waitingSince))) {
    v.add("page_token", "is not a token this service gave");
    return undefined;
  }
  return { waitingSince, id };
}

export function checkPageSize(v: Violations, pageSize: number): number {
  v.check(pageSize >= 0 && pageSize <= 500, "page_size", `must be between 1 and 500 (0 means 100); got ${pageSize}`);
  return pageSize || 100;
}
