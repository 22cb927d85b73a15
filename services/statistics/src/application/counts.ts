// Counting: every event's effect exactly once, into pre-aggregated counts per month and scope.
import { applyOnce } from "@mediation/bus/outbox";
import { type Event, shanghaiMonth, shiftMonth } from "@mediation/contracts";
import type { Collections, DocumentStore } from "@mediation/store";
import type { Counts, Fact } from "../domain/tally.js";
import { tally } from "../domain/tally.js";
import { MONTH_GUARDS, MONTHLY_COUNTS, PUBLISHED_MONTHS, SCOPE_TOTALS } from "./collections.js";
import { channelAt, type DisputeNote, followDispute, rememberWithdrawal } from "./owners.js";

export type CountsDoc = { month: string; scope: string; [field: string]: number | string };
export const docId = (month: string, scope: string) => `${month}|${scope}`;
export const rootOf = (centreCode: string) => (centreCode ? `centre:${centreCode}` : "district");
export const CORRECTION = "correction:";

export function numbers(doc: Record<string, unknown> | undefined): Counts {
  const counts: Counts = {};
  for (const [k, v] of Object.entries(doc ?? {})) if (typeof v === "number" && k !== "version") counts[k] = v;
  return counts;
}

/** The part of a count that moves the backlog (accepted, closed), if any. */
export function backlogDeltas(deltas: Record<string, number>): Record<string, number> | undefined {
  const moved: Record<string, number> = {};
  for (const field of ["accepted", "closed"]) if (deltas[field]) moved[field] = deltas[field] as number;
  return Object.keys(moved).length ? moved : undefined;
}

/** Accepted less closed. */
export const backlogOf = (counts: Counts) => (counts.accepted ?? 0) - (counts.closed ?? 0);

export async function isPublished(tx: Collections, month: string): Promise<boolean> {
  return (await tx.collection(PUBLISHED_MONTHS).get(month)) !== undefined;
}

/** Counts an event exactly once (its id commits with the counts, packages/bus inbox), as countInto says. */
export function recordEvent(store: DocumentStore, event: Event, fact: Fact | undefined, note: DisputeNote | undefined): Promise<boolean> {
  return applyOnce(store, event, (tx) => countInto(tx, fact, note));
}

/**
 * An event's fact and note counted inside the caller's transaction; the caller makes it once
 * (recordEvent with the inbox row, a rebuild's replay with insertAbsent before it): the dispute's
 * owner record, then the fact's counts. The month's own counts always take it; when that month is
 * already published, the published report stays as it was and the change is also counted as a
 * correction in the first month not yet published.
 */
export async function countInto(tx: Collections, fact: Fact | undefined, note: DisputeNote | undefined): Promise<void> {
  let counted = fact;
  if (note) {
    const record = await followDispute(tx, note);
    if (counted?.kind === "withdrawn") {
      counted = { ...counted, endedOn: channelAt(record, counted.at) };
      await rememberWithdrawal(tx, record, {
        at: counted.at.toISOString(),
        category: counted.category,
        countedOn: counted.endedOn ?? "",
      });
    } else if (record.withdrawal) {
      // A routing decision from before the withdrawal arrived after it: the withdrawal moves to that channel.
      const { at, category, countedOn } = record.withdrawal;
      const on = channelAt(record, new Date(at));
      if (on !== countedOn) {
        await countFact(tx, {
          kind: "withdrawalMoved",
          at: new Date(at),
          centreCode: record.centreCode,
          category,
          from: countedOn,
          to: on,
        });
        await rememberWithdrawal(tx, record, { at, category, countedOn: on });
      }
    }
  }
  if (counted) await countFact(tx, counted);
}

/** Counts one fact inside the caller's transaction. */
async function countFact(tx: Collections, fact: Fact): Promise<void> {
  const month = shanghaiMonth(fact.at);
  // Conflicts with a concurrent freeze of this month, which writes the same guard.
  await tx.collection(MONTH_GUARDS).add(month, { counted: 1 }, { counted: 0, frozen: 0 });
  const counts = tx.collection(MONTHLY_COUNTS);
  const increments = tally(fact);
  // Added, not incremented, all scopes in one call: in a batch each document is written once (DocumentStore.group).
  await counts.addAll(increments.map(({ scope, deltas }) => ({ id: docId(month, scope), deltas, initial: { month, scope } })));
  const backlog = increments.flatMap(({ scope, deltas }) => {
    const moved = backlogDeltas(deltas);
    return moved ? [{ id: scope, deltas: moved, initial: { scope, accepted: 0, closed: 0 } }] : [];
  });
  if (backlog.length) await tx.collection(SCOPE_TOTALS).addAll(backlog);
  if (!(await isPublished(tx, month))) return;
  let reportedIn = shiftMonth(month, 1);
  while (await isPublished(tx, reportedIn)) reportedIn = shiftMonth(reportedIn, 1);
  const corrections = increments
    .filter((i) => i.scope === "district" || /^centre:[^/]+$/.test(i.scope))
    .map(({ scope, deltas }) => {
      const correctionScope = `${CORRECTION}${month}|${scope}`;
      return { id: docId(reportedIn, correctionScope), deltas, initial: { month: reportedIn, scope: correctionScope } };
    });
  if (corrections.length) await counts.addAll(corrections);
}
