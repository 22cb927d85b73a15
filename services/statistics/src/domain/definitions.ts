// The report's definitions, in English; the Chinese export shows DEFINITIONS_ZH (adapters/export/names-zh.ts).
export const DEFINITIONS = [
  { term: "month", meaning: "a calendar month in Asia/Shanghai; each figure counts the events whose own time falls in it" },
  { term: "received", meaning: "disputes submitted by street centres in the month" },
  {
    term: "routed_by_channel",
    meaning: "first routing decisions in the month, by channel; onward routing after mediation is not counted again",
  },
  { term: "routed_mediation_first", meaning: "disputes sent to a mediation-first channel in the month (family, neighbour, small debt)" },
  { term: "accepted", meaning: "cases a mediator accepted in the month" },
  {
    term: "closed",
    meaning:
      "cases closed in the month after a mediator accepted them, by any outcome (a case closed because its dispute was withdrawn included)",
  },
  {
    term: "success_rate",
    meaning:
      "agreements ÷ (agreements + no-agreements) over cases closed in the month, in percent, rounded half up to two decimals; refusals and withdrawals are reported beside it, not in it",
  },
  {
    term: "ended",
    meaning:
      "disputes whose stay at the centre ended in the month: agreements in any mediation channel, guidance given on a terminal channel, and withdrawals, each once; a refusal or no agreement is not an end, the dispute is routed onward",
  },
  {
    term: "resolved_across_channels",
    meaning:
      "disputes resolved across all channels = agreements in any mediation channel ÷ disputes ended in the month, in percent, rounded half up to two decimals; beside the people's-mediation success rate, which counts only cases a mediator closed with or without agreement",
  },
  {
    term: "guidance_given",
    meaning:
      "disputes on litigation guidance or labour arbitration that the centre ended by telling the parties which court or commission to turn to",
  },
  {
    term: "ended_by_channel",
    meaning:
      "each channel's stays that ended in the month, by outcome: cases closed by a mediator, guidance given, and withdrawals on the channel the dispute was on (NONE: before routing)",
  },
  {
    term: "waiting_for_owner",
    meaning:
      "disputes with no person responsible at the report's time (when published, or now for live figures): routed to triage without a decision, routed to district escalation without acknowledgement, or cases nobody took not yet assigned, offered again, closed or withdrawn; with the oldest one's age. 0 in a healthy month",
  },
  { term: "refusals", meaning: "cases closed because a party refused mediation (People's Mediation Law art. 17, 23)" },
  {
    term: "withdrawals",
    meaning:
      "disputes withdrawn in the month, each once: by the street centre at any stage before closing, or closed as WITHDRAWN by the mediator",
  },
  { term: "backlog", meaning: "cases accepted by a mediator and not closed at the end of the month" },
  { term: "overdue", meaning: "cases whose legal deadline passed in the month while they were open" },
  {
    term: "days_to_assignment",
    meaning:
      "whole days from submission to a mediator's acceptance, for cases accepted in the month; median and 90th percentile by nearest rank",
  },
  {
    term: "days_to_close",
    meaning: "whole days from submission to closing, for cases closed in the month; median and 90th percentile by nearest rank",
  },
  { term: "risk_alerts", meaning: "risk alerts raised in the month, by level (RED, ORANGE, YELLOW)" },
  {
    term: "change",
    meaning: "against the previous month and the same month a year before: counts as differences, rates in percentage points (pp)",
  },
  {
    term: "corrections",
    meaning: "events for an already published month that arrived after it was published; the published report stays as it was",
  },
];
