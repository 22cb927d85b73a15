// Intake's own metrics: disputes submitted and withdrawn, counted as their events are published, by
// category (a closed list). Never a dispute id or anything about the parties.
import { categoryCodec, type Event } from "@mediation/contracts";
import { meter } from "@mediation/telemetry";

export function intakeMetrics() {
  const m = meter("@mediation/intake");
  const submitted = m.createCounter("mediation.disputes.submitted", { unit: "{dispute}", description: "Disputes submitted, by category" });
  const withdrawn = m.createCounter("mediation.disputes.withdrawn", { unit: "{dispute}", description: "Disputes withdrawn" });
  return {
    published(event: Event): void {
      const payload = event.payload;
      if (payload?.$case === "disputeSubmitted")
        submitted.add(1, { category: categoryCodec.toCode(payload.value.category) ?? "UNSPECIFIED" });
      else if (payload?.$case === "disputeWithdrawn") withdrawn.add(1);
    },
  };
}
