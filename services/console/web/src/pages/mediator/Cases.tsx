// The mediator's cases: deadlines with overdue marked, sessions, the judicial-confirmation window,
// and the actions on each: record a session, extend with consent, close.
import { Button, Space, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { DataTable } from "../../DataTable";
import { ErrorNote } from "../../ErrorNote";
import { date } from "../../format";
import { useI18n } from "../../i18n";
import { type CaseAction, CaseDialog } from "./CaseDialog";
import { CaseParties } from "./CaseParties";

export interface Case {
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: string;
  channel: string;
  state: string;
  outcome?: string;
  deadlineAt?: string;
  deadlineExtended?: boolean;
  overdue?: boolean;
  sessions?: number;
  confirmationWindowEndsAt?: string;
}

export function Cases({ refreshKey }: { refreshKey: number }) {
  const { t, language } = useI18n();
  const [cases, setCases] = useState<Case[]>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [action, setAction] = useState<{ kind: CaseAction; case: Case }>();
  const [partiesOf, setPartiesOf] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and attempt ask for a new load
  useEffect(() => {
    setError(undefined);
    api<{ cases: Case[] }>("GET", "/api/cases").then((r) => setCases(r.cases), setError);
  }, [refreshKey, attempt]);

  if (error) return <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  const open = (c: Case) => c.state !== "CASE_STATE_CLOSED";
  return (
    <>
      <DataTable<Case>
        caption={t("mediator.cases")}
        rowKey={(c) => c.caseId}
        rows={cases}
        empty={t("mediator.noCases")}
        columns={[
          { title: t("centre.category"), render: (c) => `${t(`categories.${c.category}`)} · ${c.centreCode}` },
          {
            title: t("centre.state"),
            render: (c) => <Tag>{c.outcome && !open(c) ? t(`outcomes.${c.outcome}`) : t(`states.${c.state}`)}</Tag>,
          },
          {
            title: t("mediator.deadline"),
            render: (c) => (
              <Space size={4} wrap>
                {date(c.deadlineAt, language)}
                {c.overdue && open(c) && <Tag color="error">{t("mediator.overdue")}</Tag>}
                {c.deadlineExtended && <Tag>{t("mediator.extended")}</Tag>}
              </Space>
            ),
          },
          { title: t("mediator.sessions"), align: "right", render: (c) => c.sessions ?? 0 },
          {
            title: t("mediator.confirmWindow"),
            render: (c) => (c.confirmationWindowEndsAt ? date(c.confirmationWindowEndsAt, language) : "—"),
          },
          {
            title: t("mediator.actions"),
            render: (c) =>
              open(c) && (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setPartiesOf(c.disputeId)}>
                    {t("privacy.caseParties")}
                  </Button>
                  <Button size="small" onClick={() => setAction({ kind: "session", case: c })}>
                    {t("mediator.record")}
                  </Button>
                  <Button size="small" disabled={c.deadlineExtended} onClick={() => setAction({ kind: "extend", case: c })}>
                    {t("mediator.extend")}
                  </Button>
                  <Button size="small" type="primary" onClick={() => setAction({ kind: "close", case: c })}>
                    {t("mediator.close")}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {partiesOf && <CaseParties disputeId={partiesOf} onClose={() => setPartiesOf(undefined)} />}
      {action && (
        <CaseDialog
          action={action.kind}
          caseId={action.case.caseId}
          onClose={(changed) => {
            setAction(undefined);
            if (changed) setAttempt((n) => n + 1);
          }}
        />
      )}
    </>
  );
}
