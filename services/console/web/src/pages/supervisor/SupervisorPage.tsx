// A supervisor's work: the work queue, the open cases (to reassign), and the roster (status,
// capacity) with status changes. The district's supervisor (no centre of their own) chooses a
// centre or the whole district.
import { message, Select, Space, Tabs, Tag } from "antd";
import { useEffect, useState } from "react";
import { api, loadSession } from "../../api";
import { DataTable } from "../../DataTable";
import { ErrorNote, useErrorText } from "../../ErrorNote";
import { useI18n } from "../../i18n";
import { DisputeList } from "../centre/DisputeList";
import type { Mediator } from "./MediatorPicker";
import { OpenCases } from "./OpenCases";
import type { WorkItem } from "./QueueAction";
import { WorkQueue } from "./WorkQueue";

const STATUSES = ["MEDIATOR_STATUS_AVAILABLE", "MEDIATOR_STATUS_AWAY", "MEDIATOR_STATUS_OFF"];

function Roster({ centre }: { centre: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [mediators, setMediators] = useState<Mediator[]>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [notice, notices] = message.useMessage();

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks for a new load
  useEffect(() => {
    setError(undefined);
    api<{ mediators: Mediator[] }>("GET", `/api/roster?centre=${encodeURIComponent(centre)}`).then(
      (r) => setMediators(r.mediators),
      setError,
    );
  }, [centre, attempt]);

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

/**
 * For the district's supervisor: every centre with a mediator on the roster or an item waiting in the
 * district's queue (a centre without mediators has disputes waiting all the same), or the whole district.
 */
function CentreChoice({ value, onChange }: { value: string; onChange: (centre: string) => void }) {
  const { t } = useI18n();
  const [centres, setCentres] = useState<string[]>([]);
  useEffect(() => {
    const codes = (loaded: PromiseSettledResult<{ centreCode: string }[]>) => (loaded.status === "fulfilled" ? loaded.value : []);
    Promise.allSettled([
      api<{ mediators: Mediator[] }>("GET", "/api/roster").then((r) => r.mediators),
      api<{ items: WorkItem[] }>("GET", "/api/work-queue?centre=").then((r) => r.items),
    ]).then(([roster, queue]) =>
      setCentres([...new Set([...codes(roster), ...codes(queue)].map((c) => c.centreCode).filter(Boolean))].sort()),
    );
  }, []);
  return (
    <Space style={{ marginBottom: 8 }}>
      <label htmlFor="centre-choice">{t("queue.centre")}</label>
      <Select
        id="centre-choice"
        style={{ width: 160 }}
        value={value}
        onChange={onChange}
        options={[{ value: "", label: t("queue.allCentres") }, ...centres.map((c) => ({ value: c, label: c }))]}
      />
    </Space>
  );
}

export default function SupervisorPage() {
  const { t } = useI18n();
  const [own, setOwn] = useState<string>();
  const [centre, setCentre] = useState("");
  useEffect(() => {
    loadSession().then(
      (s) => setOwn(s.person?.centreCode ?? ""),
      () => setOwn(""),
    );
  }, []);
  if (own === undefined) return null;
  return (
    <>
      {own === "" && <CentreChoice value={centre} onChange={setCentre} />}
      <Tabs
        items={[
          { key: "queue", label: t("queue.title"), children: <WorkQueue centre={centre} district={own === ""} /> },
          { key: "cases", label: t("queue.openCases"), children: <OpenCases centre={centre} /> },
          { key: "roster", label: t("supervisor.roster"), children: <Roster centre={centre} /> },
          { key: "disputes", label: t("privacy.disputes"), children: <DisputeList refreshKey={0} supervisor centre={centre} /> },
        ]}
      />
    </>
  );
}
