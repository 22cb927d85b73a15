// The timeline follows the supervisors' decisions: acknowledgements name who took charge, and a
// person's routing decision shows who decided (rule "manual").
import { common, events, intake, newEvent } from "@mediation/contracts";
import { describe, expect, it } from "vitest";
import { entryToProto } from "../src/adapters/grpc/timeline-proto.js";
import { stepOf } from "../src/adapters/nats/steps.js";
import { addStep, type Step, startProgress } from "../src/domain/timeline.js";

const ids = { correlationId: "d1", causationId: "t" };
const at = (minute: number) => new Date(`2026-11-02T01:${String(minute).padStart(2, "0")}:00.000Z`);
const routed = (minute: number, channel: common.Channel, rule: string, decidedBy = "", sequence = 1) =>
  newEvent(
    {
      $case: "disputeRouted",
      value: events.DisputeRouted.fromPartial({ disputeId: "d1", channel, rule, routedAt: at(minute), sequence, decidedBy }),
    },
    ids,
  );

describe("supervision steps in the timeline", () => {
  it("shows the escalation's and the alert's acknowledgement and the person who chose the channel", () => {
    const history = [
      routed(1, common.Channel.CHANNEL_DISTRICT_ESCALATION, "escalation.red"),
      newEvent(
        {
          $case: "riskAlertAcknowledged",
          value: {
            alertId: "a1",
            disputeId: "d1",
            centreCode: "JD01",
            raisedAt: at(1),
            level: common.RiskLevel.RISK_LEVEL_RED,
            acknowledgedBy: "officer-1",
            acknowledgedAt: at(2),
          },
        },
        ids,
      ),
      newEvent(
        {
          $case: "escalationAcknowledged",
          value: {
            disputeId: "d1",
            centreCode: "JD01",
            category: common.Category.CATEGORY_FAMILY,
            acknowledgedBy: "officer-1",
            escalatedAt: at(1),
            acknowledgedAt: at(3),
          },
        },
        ids,
      ),
      routed(4, common.Channel.CHANNEL_PEOPLES_MEDIATION, "manual", "officer-1", 2),
    ];
    let p = startProgress(
      { disputeId: "d1", centreCode: "JD01", caseNumber: "JD01-202611-0001", category: "FAMILY", month: "2026-11" },
      at(0).toISOString(),
      "e0",
    );
    for (const event of history) {
      const found = stepOf(event);
      if (found) p = addStep(p, found.step);
    }
    expect(p.state).toBe("ROUTED");
    expect(p.channel).toBe("PEOPLES_MEDIATION");
    const entries = p.steps.map((s) => entryToProto(s));
    const { TimelineKind } = intake;
    expect(entries.map((e) => [e.kind, e.personId, e.rule])).toEqual([
      [TimelineKind.TIMELINE_KIND_SUBMITTED, "", ""],
      [TimelineKind.TIMELINE_KIND_ROUTED, "", "escalation.red"],
      [TimelineKind.TIMELINE_KIND_RISK_ALERT_ACKNOWLEDGED, "officer-1", ""],
      [TimelineKind.TIMELINE_KIND_ESCALATION_ACKNOWLEDGED, "officer-1", ""],
      [TimelineKind.TIMELINE_KIND_ROUTED, "officer-1", "manual"],
    ]);
    expect(entries[2]?.riskLevel).toBe(common.RiskLevel.RISK_LEVEL_RED);
  });

  it("keeps the routing reason in Chinese and in English, and reads an older event's single reason as it was", () => {
    const reasoned = (reason: string, reasonEn: string): Step => {
      const found = stepOf(
        newEvent(
          {
            $case: "disputeRouted",
            value: events.DisputeRouted.fromPartial({ disputeId: "d1", rule: "triage.default", routedAt: at(1), reason, reasonEn }),
          },
          ids,
        ),
      );
      if (!found) throw new Error("dispute.routed gave no step");
      return found.step;
    };
    const now = reasoned("没有适用的规则，由督导人工确定渠道", "no rule applies; a person decides the channel");
    expect(entryToProto(now)).toMatchObject({
      reason: "没有适用的规则，由督导人工确定渠道",
      reasonEn: "no rule applies; a person decides the channel",
    });
    // Published before reason_en: the English it carried stays its reason, with no English beside it.
    const old = reasoned("no rule applies; a person decides the channel", "");
    expect(old).not.toHaveProperty("reasonEn");
    expect(entryToProto(old)).toMatchObject({ reason: "no rule applies; a person decides the channel", reasonEn: "" });
  });
});
