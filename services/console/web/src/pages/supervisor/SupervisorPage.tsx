// A supervisor's roster (status, capacity) with status changes, and what exists of escalations.
import { Empty, message, Select, Table, Tabs, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
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
      <Table<Mediator>
        rowKey="mediatorId"
        loading={mediators === undefined}
        dataSource={mediators}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("supervisor.name"), dataIndex: "displayName", render: (v: string, m) => `${v} (${m.mediatorId})` },
          { title: t("supervisor.centre"), dataIndex: "centreCode" },
          {
            title: t("supervisor.capacity"),
            key: "capacity",
            render: (_: unknown, m) => {
              const open = m.openCases ?? 0;
              return <Tag color={open >= m.maxOpenCases ? "error" : "default"}>{`${open} / ${m.maxOpenCases}`}</Tag>;
            },
          },
          {
            title: t("supervisor.categories"),
            dataIndex: "categories",
            render: (v?: string[]) => (v ?? []).map((c) => t(`categories.${c}`)).join("、"),
          },
          {
            title: t("supervisor.status"),
            dataIndex: "status",
            render: (v: string, m) => (
              <Select
                aria-label={`${t("supervisor.status")} ${m.mediatorId}`}
                value={v}
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
