// pino JSON logs. Parties' data must never reach a log (docs/domain-rules.md#privacy, PIPL): known personal fields
// are redacted wherever they appear, as a last line of defence behind not logging them at all.

import { trace } from "@opentelemetry/api";
import { type Logger, pino } from "pino";

export type { Logger } from "pino";

const PERSONAL_FIELDS = ["name", "idNumber", "phone", "address", "parties", "summary", "obligations"];

/** A service's logger; its level comes from the configuration (LOG_LEVEL) once that is read. */
export function createLogger(service: string, level = "info"): Logger {
  return pino({
    level,
    base: { service },
    redact: {
      paths: PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]),
      censor: "[redacted]",
    },
    // The active trace id ties a log line to the dispute's trace.
    mixin() {
      const span = trace.getActiveSpan();
      return span ? { traceId: span.spanContext().traceId } : {};
    },
  });
}
