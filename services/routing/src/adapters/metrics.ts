// Routing's own metrics: routing decisions by channel (a closed list) as their events are published.
import { channelCodec, type Event } from "@mediation/contracts";
import { meter } from "@mediation/telemetry";

export function routingMetrics() {
  const routed = meter("@mediation/routing").createCounter("mediation.disputes.routed", {
    unit: "{dispute}",
    description: "Routing decisions, by channel",
  });
  return {
    published(event: Event): void {
      if (event.payload?.$case === "disputeRouted")
        routed.add(1, { channel: channelCodec.toCode(event.payload.value.channel) ?? "UNSPECIFIED" });
    },
  };
}
