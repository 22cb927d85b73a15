// One dispute: its details, its timeline (each step at its time in Asia/Shanghai; why it was routed,
// in the language chosen; who acted, as a person reads it), and, while it is open, the centre's
// withdrawal: who withdrew and why. The intake service checks the reason; its field error shows under
// the field.
import { Alert, Button, Descriptions, Form, Input, Radio, Spin } from "antd";
import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { date, dateTime, inLanguage, personLabel, yuan } from "../../format";
import { MESSAGES, useI18n } from "../../i18n";
import { PartiesTable } from "../PartiesTable";
import { FullAccess } from "../supervisor/FullAccess";
import type { Dispute } from "./DisputeList";
import { GuidanceForm, TERMINAL } from "./GuidanceForm";

interface TimelineEntry {
  at?: string;
  kind: string;
  channel?: string;
  rule?: string;
  /** Why, in Chinese; reasonEn in English (absent for a person's own words and older steps). */
  reason?: string;
  reasonEn?: string;
  personId?: string;
  sessionNumber?: number;
  outcome?: string;
  withdrawnBy?: string;
  note?: string;
}

const ENDED = ["DISPUTE_STATE_WITHDRAWN", "DISPUTE_STATE_CLOSED"];
const ROUTED = ["TIMELINE_KIND_ROUTED", "TIMELINE_KIND_ROUTED_ONWARD"];

interface Props {
  disputeId: string;
  /** The submitting centre: it may withdraw and record guidance. */
  canWithdraw: boolean;
  /** A supervisor: sees numbers masked, and may ask to see them in full with a reason. */
  canAskFull?: boolean;
  onChanged: () => void;
}

export function DisputeDetail({ disputeId, canWithdraw, canAskFull = false, onChanged }: Props) {
  const { t, language } = useI18n();
  const [loaded, setLoaded] = useState<{ dispute: Dispute; timeline: TimelineEntry[] }>();
  const [full, setFull] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ withdrawnBy?: string; reason?: string }>();

  const load = useCallback(() => {
    setError(undefined);
    api<{ dispute: Dispute; timeline: TimelineEntry[] }>("GET", `/api/disputes/${encodeURIComponent(disputeId)}`).then(setLoaded, setError);
  }, [disputeId]);
  useEffect(load, [load]);

  const withdraw = async (values: { withdrawnBy?: string; reason?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await api("POST", `/api/disputes/${encodeURIComponent(disputeId)}/withdraw`, {
        withdrawnBy: values.withdrawnBy ?? "",
        reason: values.reason ?? "",
      });
      form.resetFields();
      load();
      onChanged();
    } catch (caught) {
      const fields = caught instanceof ApiError && caught.code === "INVALID_ARGUMENT" ? caught.fields : [];
      const errors = fields.map((f) =>
        f.field === "reason"
          ? { name: "reason" as const, errors: [t("progress.reasonRequired")] }
          : { name: "withdrawnBy" as const, errors: [t("progress.byRequired")] },
      );
      if (errors.length > 0) form.setFields(errors);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (error && !loaded) return <ErrorNote error={error} onRetry={load} />;
  if (!loaded) return <Spin description={t("app.loading")} />;
  const { dispute: open, timeline } = loaded;
  // An enum left at its default comes as "…_UNSPECIFIED": the step has no such detail.
  const set = (value: string | undefined) => (value && !value.endsWith("_UNSPECIFIED") ? value : undefined);
  const detail = (e: TimelineEntry) =>
    [
      set(e.channel) ? t(`channels.${e.channel}`) : "",
      // A channel a supervisor chose says who chose it; other steps name their person.
      e.rule === "manual" ? t("progress.manual", { who: personLabel(e.personId, t) }) : personLabel(e.personId, t),
      // Why it was routed (the policy's reason, or the person's words), in the chosen language.
      ROUTED.includes(e.kind) ? inLanguage(language, e.reason, e.reasonEn) : "",
      // A reassignment's reason may name people: it stays sealed in mediation.
      e.kind === "TIMELINE_KIND_REASSIGNED" ? t("progress.reasonGiven") : "",
      e.sessionNumber ? t("progress.session", { n: e.sessionNumber }) : "",
      set(e.outcome) ? t(`outcomes.${e.outcome}`) : "",
      set(e.withdrawnBy) ? t(`progress.by.${e.withdrawnBy}`) : "",
      e.note ?? "",
    ]
      .filter(Boolean)
      .join(" · ");
  return (
    <>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t("centre.caseNumber")}>{open.caseNumber}</Descriptions.Item>
        <Descriptions.Item label={t("centre.category")}>{t(`categories.${open.category}`)}</Descriptions.Item>
        <Descriptions.Item label={t("centre.amount")}>{yuan(open.claimAmountFen)}</Descriptions.Item>
        <Descriptions.Item label={t("centre.summary")}>{open.summary}</Descriptions.Item>
        <Descriptions.Item label={t("centre.state")}>
          <span data-testid="dispute-state">{t(`states.${open.state}`)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("centre.submittedAt")}>{date(open.submittedAt, language)}</Descriptions.Item>
      </Descriptions>
      <h3 className="section-title">{t("centre.parties")}</h3>
      <PartiesTable parties={open.parties ?? []} />
      {canAskFull && !full && (
        <p>
          {t("privacy.masked")}{" "}
          <FullAccess<{ dispute: Dispute; timeline: TimelineEntry[] }>
            disputeId={disputeId}
            onShown={(shown) => {
              setLoaded(shown);
              setFull(true);
            }}
          />
        </p>
      )}
      {full && <Alert type="success" showIcon role="status" title={t("privacy.shownFull")} />}
      <h3 className="section-title">{t("progress.timeline")}</h3>
      {timeline.length === 0 ? (
        <p>{t("progress.noTimeline")}</p>
      ) : (
        <ol className="timeline" aria-label={t("progress.timeline")}>
          {timeline.map((e) => (
            <li key={`${e.at}-${e.kind}-${e.personId ?? ""}-${e.sessionNumber ?? ""}`} data-kind={e.kind}>
              <time dateTime={e.at}>{dateTime(e.at, language)}</time> <strong>{t(`progress.kinds.${e.kind}`)}</strong>
              {detail(e) && <span> · {detail(e)}</span>}
            </li>
          ))}
        </ol>
      )}
      {canWithdraw && !ENDED.includes(open.state) && TERMINAL.includes(open.channel ?? "") && (
        <GuidanceForm
          disputeId={disputeId}
          onRecorded={() => {
            load();
            onChanged();
          }}
        />
      )}
      {canWithdraw && !ENDED.includes(open.state) && (
        <Form form={form} layout="vertical" onFinish={withdraw} className="withdraw-form">
          <h3 className="section-title">{t("progress.withdraw")}</h3>
          {error !== undefined && <ErrorNote error={error} />}
          <Form.Item name="withdrawnBy" label={t("progress.withdrawnBy")} required>
            <Radio.Group
              aria-label={t("progress.withdrawnBy")}
              options={Object.keys(MESSAGES["zh-CN"].progress.by).map((value) => ({ value, label: t(`progress.by.${value}`) }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t("progress.reason")} required>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy}>
            {t("progress.withdraw")}
          </Button>
        </Form>
      )}
      {open.state === "DISPUTE_STATE_WITHDRAWN" && (
        <Alert type="info" showIcon role="status" title={t("progress.withdrawn")} style={{ marginTop: 12 }} />
      )}
    </>
  );
}
