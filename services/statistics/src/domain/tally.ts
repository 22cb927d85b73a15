// What each event adds to the monthly counts, and to which scopes. Pure: the read model applies it.
import type { CategoryCode, ChannelCode, OutcomeCode } from "@mediation/contracts";
import type { MonthCounts } from "./monthly-report.js";

export type Fact =
  | { kind: "received"; at: Date; centreCode: string; category: CategoryCode }
  | { kind: "routed"; at: Date; centreCode: string; category: CategoryCode; channel: ChannelCode; mediationFirst: boolean }
  | { kind: "accepted"; at: Date; centreCode: string; category: CategoryCode; channel: ChannelCode; mediatorId: string }
  | {
      kind: "closed";
      at: Date;
      centreCode: string;
      category: CategoryCode;
      channel: ChannelCode;
      mediatorId: string;
      outcome: OutcomeCode;
    };

export interface Increment {
  scope: string;
  deltas: Partial<MonthCounts>;
}

const OUTCOME_FIELD: Record<OutcomeCode, keyof MonthCounts> = {
  AGREEMENT: "agreements",
  NO_AGREEMENT: "noAgreements",
  REFUSED: "refusals",
  WITHDRAWN: "withdrawals",
};

/** The scopes a fact counts in: the district, and each breakdown it belongs to. */
function scopes(fact: Fact): string[] {
  const list = ["district", `centre:${fact.centreCode}`, `category:${fact.category}`];
  if (fact.kind !== "received") list.push(`channel:${fact.channel}`);
  if (fact.kind === "accepted" || fact.kind === "closed") list.push(`mediator:${fact.mediatorId}`);
  return list;
}

export function tally(fact: Fact): Increment[] {
  let deltas: Partial<MonthCounts>;
  switch (fact.kind) {
    case "received":
      deltas = { received: 1 };
      break;
    case "routed":
      if (!fact.mediationFirst) return [];
      deltas = { routedMediationFirst: 1 };
      break;
    case "accepted":
      deltas = { accepted: 1 };
      break;
    case "closed":
      deltas = { closed: 1, [OUTCOME_FIELD[fact.outcome]]: 1 };
      break;
  }
  return scopes(fact).map((scope) => ({ scope, deltas }));
}
