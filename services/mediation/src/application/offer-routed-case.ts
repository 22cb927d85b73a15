import { applyOnce } from "@mediation/bus/outbox";
import type { CategoryCode, ChannelCode, Event } from "@mediation/contracts";
import { captureTrace } from "@mediation/telemetry";
import { v7 as uuidv7 } from "uuid";
import type { Case } from "../domain/case.js";
import { openCase } from "../domain/case.js";
import { HANDLED_CHANNELS } from "../domain/roster.js";
import { assign } from "./assign.js";
import { writeCase } from "./audit.js";
import { afterCommit, atOnce, clock, type Later, type MediationDeps, scheduleTimers, strip } from "./change-case.js";
import { CASES } from "./collections.js";
import { withdrawnBeforeCase } from "./withdraw-case.js";

export interface RoutedCase {
  disputeId: string;
  centreCode: string;
  category: CategoryCode;
  channel: ChannelCode;
  preferredMediatorId: string;
  submittedAt: string;
}

/**
 * Opens a case for a routed dispute and offers it to one mediator, once per routing event; the relay
 * is woken and the case's timers scheduled through `later` (change-case.ts).
 */
export async function offerRoutedCase(
  deps: MediationDeps,
  event: Event,
  routed: RoutedCase,
  later: Later = atOnce,
): Promise<Case | undefined> {
  if (!HANDLED_CHANNELS.includes(routed.channel)) {
    await applyOnce(deps.store, event, async () => undefined);
    return undefined;
  }
  let opened: Case | undefined;
  const applied = await applyOnce(deps.store, event, async (tx) => {
    if (await withdrawnBeforeCase(tx, routed.disputeId)) return;
    const now = clock(deps);
    const fresh = { ...openCase({ caseId: uuidv7(), ...routed, routedAt: now.toISOString() }), trace: captureTrace() };
    const { next, events: out } = await assign(deps, tx, fresh, now, event.id);
    await writeCase(tx, next, 0, out);
    opened = next;
  });
  const offered = opened;
  if (applied && offered) await later(() => afterCommit(deps, [offered]));
  // Applied before (a redelivery): its effect committed, but its timers may not have been scheduled.
  if (!applied)
    await later(async () =>
      scheduleTimers(deps, (await deps.store.collection(CASES).find({ where: { disputeId: routed.disputeId } })).map(strip)),
    );
  return opened;
}
