// What-if: replay a month's submitted disputes through a candidate policy beside the active one.
import { type ChannelCode, MONTH_PATTERN, Violations } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Policy } from "../domain/policy.js";
import { decideRoute } from "../domain/route.js";
import { DISPUTE_FACTS } from "./collections.js";

export interface Simulation {
  month: string;
  activeVersion: string;
  candidateVersion: string;
  disputes: number;
  loads: Array<{ channel: ChannelCode; active: number; candidate: number }>;
  changed: number;
}

export async function simulatePolicy(store: DocumentStore, month: string, active: Policy, candidate: Policy): Promise<Simulation> {
  new Violations().check(MONTH_PATTERN.test(month), "month", `must be YYYY-MM; got "${month}"`).throwIfAny();
  const facts = await store.collection(DISPUTE_FACTS).find({ where: { month } });
  const loads = new Map<ChannelCode, { active: number; candidate: number }>();
  let changed = 0;
  for (const f of facts) {
    const a = decideRoute(f, active).channel;
    const c = decideRoute(f, candidate).channel;
    if (a !== c) changed++;
    for (const [channel, side] of [
      [a, "active"],
      [c, "candidate"],
    ] as const) {
      const load = loads.get(channel) ?? { active: 0, candidate: 0 };
      load[side]++;
      loads.set(channel, load);
    }
  }
  return {
    month,
    activeVersion: active.version,
    candidateVersion: candidate.version,
    disputes: facts.length,
    loads: [...loads.entries()].map(([channel, load]) => ({ channel, ...load })).sort((x, y) => x.channel.localeCompare(y.channel)),
    changed,
  };
}
