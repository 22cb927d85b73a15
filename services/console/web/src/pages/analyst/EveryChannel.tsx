// The report's figures for every channel: disputes resolved across all channels beside the success
// rate, each channel's ends by outcome, and the disputes waiting for an owner (0 in a healthy month).
import { Card, Statistic, Tag } from "antd";
import { DataTable } from "../../DataTable";
import { dateTime } from "../../format";
import { useI18n } from "../../i18n";

export interface EveryChannelFigures {
  ended?: number;
  guidanceGiven?: number;
  withdrawals?: number;
  resolvedAcrossChannelsPercent?: string;
  endedByChannel?: Array<{ channel: string; outcome: string; count?: number }>;
}

export interface WaitingForOwner {
  asOf?: string;
  total?: number;
  triage?: number;
  escalation?: number;
  awaitingMediator?: number;
  /** int64 in JSON: a string. */
  oldestAgeSeconds?: string;
}

/** Beside the success rate: agreements in any mediation channel over disputes ended. */
export function ResolvedAcrossChannels({ figures }: { figures: EveryChannelFigures }) {
  const { t } = useI18n();
  const rate = figures.resolvedAcrossChannelsPercent;
  return (
    <Statistic title={t("report.resolvedAcrossChannels")} value={rate ? `${rate}%` : t("report.noResolved")} data-testid="resolved-rate" />
  );
}

export function EndedByChannel({ figures }: { figures: EveryChannelFigures }) {
  const { t } = useI18n();
  const rows = figures.endedByChannel ?? [];
  const channelName = (code: string) => (code === "NONE" ? t("report.notRouted") : t(`channels.CHANNEL_${code}`));
  return (
    <Card title={t("report.endedByChannel")}>
      <div className="figures">
        <Statistic title={t("report.ended")} value={figures.ended ?? 0} />
        <Statistic title={t("report.guidanceGiven")} value={figures.guidanceGiven ?? 0} />
        <Statistic title={t("report.withdrawals")} value={figures.withdrawals ?? 0} />
      </div>
      <DataTable
        caption={t("report.endedByChannel")}
        rows={rows}
        rowKey={(r) => `${r.channel}/${r.outcome}`}
        empty={t("report.noEnds")}
        columns={[
          { title: t("report.channel"), render: (r) => channelName(r.channel) },
          { title: t("report.outcome"), render: (r) => t(`outcomes.OUTCOME_${r.outcome}`) },
          { title: t("report.count"), render: (r) => r.count ?? 0, align: "right" },
        ]}
      />
    </Card>
  );
}

export function WaitingForOwnerCard({ waiting }: { waiting: WaitingForOwner | undefined }) {
  const { t, language } = useI18n();
  if (!waiting) return null;
  const total = waiting.total ?? 0;
  const seconds = Number(waiting.oldestAgeSeconds ?? 0);
  const [d, h, m] = [Math.floor(seconds / 86_400), Math.floor((seconds % 86_400) / 3_600), Math.floor((seconds % 3_600) / 60)];
  const age = d ? t("report.age.days", { d, h }) : h ? t("report.age.hours", { h, m }) : t("report.age.minutes", { m });
  return (
    <Card
      title={t("report.waiting")}
      extra={<Tag color={total ? "error" : "default"}>{total ? `${t("report.waitingTotal")} ${total}` : t("report.healthy")}</Tag>}
      data-testid="waiting-for-owner"
    >
      <p>{t("report.asOf", { time: dateTime(waiting.asOf, language) })}</p>
      <div className="figures">
        <Statistic title={t("report.triage")} value={waiting.triage ?? 0} />
        <Statistic title={t("report.escalation")} value={waiting.escalation ?? 0} />
        <Statistic title={t("report.awaitingMediator")} value={waiting.awaitingMediator ?? 0} />
        <Statistic title={t("report.oldest")} value={total ? age : "—"} />
      </div>
    </Card>
  );
}
