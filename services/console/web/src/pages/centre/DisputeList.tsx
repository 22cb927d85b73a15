// The centre's disputes: state, filters by category and state, search by case number, details with
// the timeline and the withdrawal.
import { Drawer, Input, Select, Space, Tag } from "antd";
import { useEffect, useMemo, useState } from "react";
import { api } from "../../api";
import { DataTable } from "../../DataTable";
import { ErrorNote } from "../../ErrorNote";
import { dateTime, yuan } from "../../format";
import { MESSAGES, useI18n } from "../../i18n";
import { DisputeDetail } from "./DisputeDetail";

export interface Dispute {
  disputeId: string;
  caseNumber: string;
  centreCode: string;
  category: string;
  claimAmountFen?: string;
  summary?: string;
  state: string;
  channel?: string;
  submittedAt?: string;
  parties?: Array<{ role: string; kind: string; name: string; idNumber?: string; phone?: string }>;
}

/** The centre's own list (it withdraws), or a supervisor's of one centre or ("") the district (it may ask to see in full). */
export function DisputeList({
  refreshKey,
  supervisor = false,
  centre = "",
}: {
  refreshKey: number;
  supervisor?: boolean;
  centre?: string;
}) {
  const { t, language } = useI18n();
  const [disputes, setDisputes] = useState<Dispute[]>();
  const [error, setError] = useState<unknown>();
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState<string>();
  const [state, setState] = useState<string>();
  const [open, setOpen] = useState<Dispute>();
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and attempt ask for a new load
  useEffect(() => {
    setError(undefined);
    setDisputes(undefined);
    const where = centre ? `?centre=${encodeURIComponent(centre)}` : "";
    api<{ disputes: Dispute[] }>("GET", `/api/disputes${where}`).then((r) => setDisputes(r.disputes), setError);
  }, [refreshKey, attempt, centre]);

  const shown = useMemo(
    () =>
      (disputes ?? []).filter(
        (d) =>
          (!search || d.caseNumber.includes(search.trim().toUpperCase())) &&
          (!category || d.category === category) &&
          (!state || d.state === state),
      ),
    [disputes, search, category, state],
  );

  if (error) return <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t("centre.search")}
          placeholder={t("centre.search")}
          allowClear
          onSearch={setSearch}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        <Select
          aria-label={t("centre.category")}
          placeholder={t("centre.allCategories")}
          allowClear
          style={{ width: 180 }}
          value={category}
          onChange={setCategory}
          options={Object.keys(MESSAGES["zh-CN"].categories).map((value) => ({ value, label: t(`categories.${value}`) }))}
        />
        <Select
          aria-label={t("centre.state")}
          placeholder={t("centre.allStates")}
          allowClear
          style={{ width: 140 }}
          value={state}
          onChange={setState}
          options={Object.keys(MESSAGES["zh-CN"].states)
            .filter((value) => value.startsWith("DISPUTE_STATE_"))
            .map((value) => ({ value, label: t(`states.${value}`) }))}
        />
      </Space>
      <DataTable<Dispute>
        caption={t("centre.disputes")}
        rowKey={(d) => d.disputeId}
        rows={disputes === undefined ? undefined : shown}
        empty={t("centre.empty")}
        columns={[
          {
            title: t("centre.caseNumber"),
            render: (row) => (
              <button type="button" className="link-button" onClick={() => setOpen(row)}>
                {row.caseNumber}
              </button>
            ),
          },
          { title: t("centre.category"), render: (row) => t(`categories.${row.category}`) },
          { title: t("centre.amount"), align: "right", render: (row) => yuan(row.claimAmountFen) },
          { title: t("centre.state"), render: (row) => <Tag>{t(`states.${row.state}`)}</Tag> },
          { title: t("centre.submittedAt"), render: (row) => dateTime(row.submittedAt, language) },
        ]}
      />
      <Drawer
        open={open !== undefined}
        onClose={() => setOpen(undefined)}
        title={`${t("centre.details")} ${open?.caseNumber ?? ""}`}
        size="large"
      >
        {open && (
          <DisputeDetail
            key={open.disputeId}
            disputeId={open.disputeId}
            canWithdraw={!supervisor}
            canAskFull={supervisor}
            onChanged={() => setAttempt((n) => n + 1)}
          />
        )}
      </Drawer>
    </>
  );
}
