import type { ChannelPeriods } from "../domain/channel-periods.js";
import type { Duration } from "../domain/duration.js";
import type { TimerSettings } from "../domain/timers.js";
import type { WorkingCalendar } from "../domain/working-calendar.js";

/** The legal periods and assignment limits, from configuration (docs/domain-rules.md#deadlines). */
export interface MediationSettings extends TimerSettings {
  offerTimeout: Duration;
  /** Declined or expired offers before the case goes to the centre's supervisor. */
  maxOffers: number;
  /** Each handled channel's period to close from acceptance, and its one extension if any (CHANNEL_PERIODS). */
  periods: ChannelPeriods;
  /** Mainland China's official working days, for periods counted in working days. */
  calendar: WorkingCalendar;
  /** Art. 33: judicial confirmation within 30 days after the agreement takes effect. */
  confirmationWindow: Duration;
  districtPoolCode: string;
}
