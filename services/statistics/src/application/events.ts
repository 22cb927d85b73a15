// The events statistics publishes.
import { type Event, events, newEvent } from "@mediation/contracts";

export function reportMonthlyPublished(month: string, contentHash: string, centreCodes: string[], now: Date): Event {
  return newEvent(
    {
      $case: "reportMonthlyPublished",
      value: events.ReportMonthlyPublished.fromPartial({ month, contentHash, publishedAt: now, centreCodes }),
    },
    { correlationId: `report:${month}`, causationId: "month-end" },
    now,
  );
}
