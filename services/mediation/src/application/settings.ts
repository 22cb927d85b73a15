import type { ChannelCode } from "@mediation/contracts";
import type { Duration } from "../domain/duration.js";
import type { TimerSettings } from "../domain/timers.js";

/** The legal periods and assignment limits, from configuration (docs/domain-rules.md#deadlines). */
export interface MediationSettings extends TimerSettings {
  offerTimeout: Duration;
  /** Declined or expired offers before the case goes to the centre's supervisor. */
  maxOffers: number;
  /** Time to close from acceptance, per channel (people's mediation: one month; labour: 15 days). */
  deadlines: Partial<Record<ChannelCode, Duration>>;
  defaultDeadline: Duration;
  /** The one extension both parties may agree to. */
  extension: Duration;
  /** Art. 33: judicial confirmation within 30 days after the agreement takes effect. */
  confirmationWindow: Duration;
  districtPoolCode: string;
}
