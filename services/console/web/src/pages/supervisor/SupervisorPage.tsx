// A supervisor's roster (status, capacity) with status changes, and what exists of escalations.
import { Empty, message, Select, Tabs, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { DataTable } from "../../DataTable";
import { ErrorNote, useErrorText } from "../../ErrorNote";
import { useI18n } from "../../i18n";

interface Mediator {
  mediatorId: string;
  displayName: string;
  centreCode: string;
  categories?: string[];
  maxOpenCases: number;
  openCases?: number;
  status: string;
}

const STATUSES = ["MEDIATOR_STATUS_AVAILABLE", "MEDIATOR_STATUS_AWAY", "MEDIATOR_STATUS_OFF"];

function Roster() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [mediators, setMediators] = useState<Mediator[]>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [notice, notices] = message.useMessage();

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks for a new load
  useEffect(() => {
    setError(undefined);
    api<{ mediators: Mediator[] }>("GET", "/api/roster").then((r) => setMediators(r.mediators), setError);
  }, [attempt]);

  const setStatus = async (mediatorId: string, status: string) => {
    try {
      await api("POST", `/api/roster/${encodeURIComponent(mediatorId)}/status`, { status });
      notice.success(t("supervisor.statusChanged"));
      setAttempt((n) => n + 1);
    } catch (caught) {
      notice.error(errorText(caught));
    }
  };

  if (error) return <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  return (
    <>
      {notices}
      <DataTable<Mediator>
        caption={t("supervisor.roster")}
        rowKey={(m) => m.mediatorId}
        rows={mediators}
        empty={t("supervisor.rosterEmpty")}
        columns={[
          { title: t("supervisor.name"), render: (m) => `${m.displayName} (${m.mediatorId})` },
          { title: t("supervisor.centre"), render: (m) => m.centreCode },
          {
            title: t("supervisor.capacity"),
            render: (m) => (
              <Tag color={(m.openCases ?? 0) >= m.maxOpenCases ? "error" : "default"}>{`${m.openCases ?? 0} / ${m.maxOpenCases}`}</Tag>
            ),
          },
          { title: t("supervisor.categories"), render: (m) => (m.categories ?? []).map((c) => t(`categories.${c}`)).join("、") },
          {
            title: t("supervisor.status"),
            render: (m) => (
              <Select
                aria-label={`${t("supervisor.status")} ${m.mediatorId}`}
                value={m.status}
                style={{ width: 130 }}
                onChange={(status) => setStatus(m.mediatorId, status)}
                options={STATUSES.map((value) => ({ value, label: t(`states.${value}`) }))}
              />
            ),
          },
        ]}
      />
    </>
  );
}

export default function SupervisorPage() {
  const { t } = useI18n();
  return (
    <Tabs
      items={[
        { key: "roster", label: t("supervisor.roster"), children: <Roster /> },
        { key: "escalations", label: t("supervisor.escalations"), children: <Empty description={t("supervisor.escalationsEmpty")} /> },
      ]}
    />
  );
}
