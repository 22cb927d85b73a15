// Everything waiting for a person, oldest first, with how long it has waited; filtered by kind; each
// item's action in place. The last action's result stays above the list. A risk alert's owner is a
// district office, so only the district acknowledges it: a centre's supervisor sees it, its button
// disabled with the reason.
import { Alert, Button, Select, Space, Tag, Tooltip } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { DataTable } from "../../DataTable";
import { ErrorNote } from "../../ErrorNote";
import { age, dateTime, inLanguage, personLabel } from "../../format";
import { MESSAGES, useI18n } from "../../i18n";
import { actionOf, QueueAction, type WorkItem } from "./QueueAction";

interface Queue {
  items: WorkItem[];
  total: number;
  oldestAgeSeconds: string;
}

const KINDS = Object.keys(MESSAGES["zh-CN"].queue.kinds);

/** `district`: the signed-in supervisor acts for the district (no centre of their own). */
export function WorkQueue({ centre, district }: { centre: string; district: boolean }) {
  const { t, language } = useI18n();
  const [queue, setQueue] = useState<Queue>();
  const [error, setError] = useState<unknown>();
  const [kind, setKind] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [open, setOpen] = useState<WorkItem>();
  const [done, setDone] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks for a new load
  useEffect(() => {
    setError(undefined);
    setQueue(undefined);
    const search = new URLSearchParams({ centre, kinds: kind ?? "" });
    api<Queue>("GET", `/api/work-queue?${search}`).then(setQueue, setError);
  }, [centre, kind, attempt]);

  const closed = (result?: string) => {
    setOpen(undefined);
    if (result === undefined) return;
    setDone(result);
    setAttempt((n) => n + 1);
  };

  if (error) return <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  const oldest = queue?.items[0]?.ageSeconds ?? queue?.oldestAgeSeconds;
  return (
    <>
      {done && <Alert type="success" showIcon role="status" title={done} closable onClose={() => setDone(undefined)} />}
      <Space wrap style={{ margin: "12px 0" }}>
        <Select
          aria-label={t("queue.kind")}
          placeholder={t("queue.allKinds")}
          allowClear
          style={{ width: 200 }}
          value={kind}
          onChange={setKind}
          options={KINDS.map((value) => ({ value, label: t(`queue.kinds.${value}`) }))}
        />
        <Button onClick={() => setAttempt((n) => n + 1)}>{t("queue.refresh")}</Button>
        {queue && queue.total > 0 && <span data-testid="queue-total">{t("queue.total", { total: queue.total, age: age(oldest, t) })}</span>}
      </Space>
      <DataTable<WorkItem>
        caption={t("queue.title")}
        rowKey={(i) => `${i.kind}-${i.disputeId}-${i.alertId ?? ""}-${i.caseId ?? ""}`}
        rows={queue?.items}
        empty={t("queue.empty")}
        columns={[
          {
            title: t("queue.kind"),
            render: (i) => (
              <span data-dispute-id={i.disputeId}>
                <Tag color={i.kind === "WORK_ITEM_KIND_RISK_ALERT" ? "error" : "blue"}>{t(`queue.kinds.${i.kind}`)}</Tag>
                {i.riskLevel && !i.riskLevel.endsWith("UNSPECIFIED") && t(`queue.risk.${i.riskLevel}`)}
              </span>
            ),
          },
          { title: t("queue.centre"), render: (i) => i.centreCode },
          {
            title: t("queue.category"),
            render: (i) =>
              [t(`categories.${i.category}`), i.channel && !i.channel.endsWith("UNSPECIFIED") ? t(`channels.${i.channel}`) : ""]
                .filter(Boolean)
                .join(" · "),
          },
          {
            title: t("queue.age"),
            render: (i) => (
              <span title={`${t("queue.waitingSince")} ${dateTime(i.waitingSince, language)}`} data-testid="age">
                {age(i.ageSeconds, t)}
              </span>
            ),
          },
          {
            title: t("queue.reason"),
            render: (i) =>
              [
                inLanguage(language, i.reason, i.reasonEn),
                i.acknowledgedBy ? t("queue.ackBy", { who: personLabel(i.acknowledgedBy, t), note: i.note ?? "" }) : "",
              ]
                .filter(Boolean)
                .join("；"),
          },
          {
            title: t("queue.actions"),
            render: (i) =>
              i.kind === "WORK_ITEM_KIND_RISK_ALERT" && !district ? (
                <Tooltip title={t("queue.districtAcknowledges")}>
                  <Button size="small" disabled aria-description={t("queue.districtAcknowledges")}>
                    {t(`queue.${actionOf(i.kind)}`)}
                  </Button>
                </Tooltip>
              ) : (
                <Button size="small" type="primary" onClick={() => setOpen(i)}>
                  {t(`queue.${actionOf(i.kind)}`)}
                </Button>
              ),
          },
        ]}
      />
      {open && <QueueAction item={open} onClose={closed} />}
    </>
  );
}
