// Routing's own metrics: routing decisions by channel (a closed list) as their events are published,
// and the supervisor's queue read from the store at each scrape: items waiting by kind, and the oldest
// one's wait. Labels are channels and kinds only, never an id or a centre.
import { channelCodec, type Event } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { meter } from "@mediation/telemetry";
import { WORK_ITEMS } from "../application/work-items.js";
import { WORK_KINDS } from "../domain/work-queue.js";

export function routingMetrics(store: DocumentStore) {
  const m = meter("@mediation/routing");
  const routed = m.createCounter("mediation.disputes.routed", {
    unit: "{dispute}",
    description: "Routing decisions, by channel",
  });
  const waiting = m.createObservableGauge("mediation.work_queue.waiting", {
    unit: "{item}",
    description: "Work items waiting for a supervisor or the district, by kind",
  });
  const oldest = m.createObservableGauge("mediation.work_queue.oldest_age", {
    unit: "s",
    description: "How long the oldest waiting work item has waited",
  });
  m.addBatchObservableCallback(
    async (observer) => {
      const open = await store.collection(WORK_ITEMS).find({ where: { open: true } });
      for (const kind of WORK_KINDS) observer.observe(waiting, open.filter((i) => i.kind === kind).length, { kind });
      const since = open.reduce((min, i) => Math.min(min, Date.parse(i.waitingSince)), Date.now());
      observer.observe(oldest, Math.max(0, (Date.now() - since) / 1000));
    },
    [waiting, oldest],
  );
  return {
    published(event: Event): void {
      if (event.payload?.$case === "disputeRouted")
        routed.add(1, { channel: channelCodec.toCode(event.payload.value.channel) ?? "UNSPECIFIED" });
    },
  };
}
