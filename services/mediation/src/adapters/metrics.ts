// Mediation's own metrics (docs/architecture.md#metrics). Gauges are read from the store at each
// scrape: offers waiting and the oldest one's wait, cases not closed by state and channel, cases
// overdue. Counters and the routing-to-acceptance histogram follow the events as they are
// published. Labels are states, channels and outcomes only: closed lists, never an id.
import type { Event, EventKind } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { meter, WAIT_BUCKETS_S } from "@mediation/telemetry";
import { CASES } from "../application/collections.js";

const OPEN_STATES = ["AWAITING_MEDIATOR", "OFFERED", "ACCEPTED", "IN_MEDIATION"] as const;

/** Events counted as they go out: each kind's counter and its description. */
const COUNTED: Partial<Record<EventKind, [string, string]>> = {
  offerMade: ["mediation.offers.made", "Offers made to mediators"],
  offerExpired: ["mediation.offers.expired", "Offers that expired unanswered"],
  offerDeclined: ["mediation.offers.declined", "Offers declined"],
  caseOverdue: ["mediation.cases.deadline_breaches", "Cases that passed their deadline"],
  caseClosed: ["mediation.cases.closed", "Cases closed"],
};

export function mediationMetrics(store: DocumentStore) {
  const m = meter("@mediation/mediation");
  const cases = store.collection(CASES);
  const waiting = m.createObservableGauge("mediation.offers.waiting", { unit: "{offer}", description: "Offers not yet answered" });
  const oldest = m.createObservableGauge("mediation.offers.oldest_wait", {
    unit: "s",
    description: "How long the oldest open offer has waited",
  });
  const open = m.createObservableGauge("mediation.cases.open", { unit: "{case}", description: "Cases not closed, by state and channel" });
  const overdue = m.createObservableGauge("mediation.cases.overdue", { unit: "{case}", description: "Open cases past their deadline" });
  m.addBatchObservableCallback(
    async (observer) => {
      const now = Date.now();
      let overdueCount = 0;
      let oldestOffer = now;
      for (const state of OPEN_STATES) {
        const found = await cases.find({ where: { state } });
        const byChannel = new Map<string, number>();
        for (const c of found) {
          byChannel.set(c.channel, (byChannel.get(c.channel) ?? 0) + 1);
          if (c.overdue) overdueCount++;
          const pending = c.offers.find((o) => o.result === "PENDING");
          if (state === "OFFERED" && pending) oldestOffer = Math.min(oldestOffer, Date.parse(pending.offeredAt));
        }
        for (const [channel, count] of byChannel) observer.observe(open, count, { state, channel });
        if (state === "OFFERED") observer.observe(waiting, found.length);
      }
      observer.observe(oldest, (now - oldestOffer) / 1000);
      observer.observe(overdue, overdueCount);
    },
    [waiting, oldest, open, overdue],
  );
  const counters = new Map(
    Object.entries(COUNTED).map(([kind, [name, description]]) => [kind, m.createCounter(name, { unit: "{event}", description })]),
  );
  // Zero from the start, so that a rate or an alert on any increase sees the first one.
  for (const counter of counters.values()) counter.add(0);
  const toAcceptance = m.createHistogram("mediation.offers.routing_to_acceptance", {
    unit: "s",
    description: "Time from a dispute's routing to a mediator's acceptance",
    advice: { explicitBucketBoundaries: WAIT_BUCKETS_S },
  });
  return {
    published(event: Event): void {
      const payload = event.payload;
      if (!payload) return;
      counters.get(payload.$case)?.add(1);
      if (payload.$case !== "offerAccepted") return;
      const acceptedAt = payload.value.acceptedAt?.getTime() ?? Date.now();
      void cases.get(payload.value.caseId).then(
        (c) => {
          if (c?.routedAt) toAcceptance.record(Math.max(0, (acceptedAt - Date.parse(c.routedAt)) / 1000));
        },
        () => undefined,
      );
    },
  };
}
