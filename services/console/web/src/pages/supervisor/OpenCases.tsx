// The centre's open cases in its mediators' hands (one call to mediation's ListOpenCases), each of
// which may be handed to another mediator with the reason; the deadline stays, and the page says so.
import { Alert, Button, Form, Input, Modal, Space, Tag } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { DataTable } from "../../DataTable";
import { ErrorNote } from "../../ErrorNote";
import { showOnFields } from "../../fieldErrors";
import { dateTime } from "../../format";
import { useI18n } from "../../i18n";
import { MediatorPicker } from "./MediatorPicker";

interface OpenCase {
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: string;
  channel: string;
  state: string;
  mediatorId: string;
  deadlineAt?: string;
}

export function OpenCases({ centre }: { centre: string }) {
  const { t, language } = useI18n();
  const [cases, setCases] = useState<OpenCase[]>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [open, setOpen] = useState<OpenCase>();
  const [done, setDone] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks for a new load
  useEffect(() => {
    setError(undefined);
    setCases(undefined);
    api<{ cases: OpenCase[]; more: boolean }>("GET", `/api/supervision/cases?centre=${encodeURIComponent(centre)}`).then((r) => {
      setCases(r.cases);
      setMore(r.more);
    }, setError);
  }, [centre, attempt]);

  if (error) return <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  return (
    <>
      {done && <Alert type="success" showIcon role="status" title={done} closable onClose={() => setDone(undefined)} />}
      {more && <Alert type="info" showIcon title={t("queue.moreOpenCases")} />}
      <DataTable<OpenCase>
        caption={t("queue.openCases")}
        rowKey={(c) => c.caseId}
        rows={cases}
        empty={t("queue.noOpenCases")}
        columns={[
          { title: t("queue.category"), render: (c) => `${t(`categories.${c.category}`)} · ${t(`channels.${c.channel}`)}` },
          { title: t("queue.centre"), render: (c) => c.centreCode },
          { title: t("queue.holder"), render: (c) => <span data-case-id={c.caseId}>{c.mediatorId}</span> },
          { title: t("queue.state"), render: (c) => <Tag>{t(`states.${c.state}`)}</Tag> },
          { title: t("queue.deadline"), render: (c) => dateTime(c.deadlineAt, language) },
          {
            title: t("queue.actions"),
            render: (c) => (
              <Button size="small" onClick={() => setOpen(c)}>
                {t("queue.reassign")}
              </Button>
            ),
          },
        ]}
      />
      {open && (
        <Reassign
          open={open}
          onClose={(result) => {
            setOpen(undefined);
            if (result === undefined) return;
            setDone(result);
            setAttempt((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

function Reassign({ open, onClose }: { open: OpenCase; onClose: (done?: string) => void }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<{ mediatorId?: string; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const deadline = dateTime(open.deadlineAt, language);

  const submit = async (v: { mediatorId?: string; reason?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ case: OpenCase }>("POST", `/api/supervision/cases/${encodeURIComponent(open.caseId)}/reassign`, {
        mediatorId: v.mediatorId ?? "",
        reason: v.reason ?? "",
      });
      onClose(t("queue.reassigned", { mediator: r.case.mediatorId, deadline: dateTime(r.case.deadlineAt, language) }));
    } catch (caught) {
      if (!showOnFields(form, caught, { mediator_id: "mediatorId", reason: "reason" }, t)) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t("queue.reassign")} · ${open.mediatorId}`} onCancel={() => onClose()} footer={null} destroyOnHidden>
      <p data-testid="deadline-kept">{t("queue.deadlineKept", { deadline })}</p>
      <ErrorNote error={error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="mediatorId" label={t("queue.mediator")} required>
          <MediatorPicker centreCode={open.centreCode} channel={open.channel} category={open.category} except={open.mediatorId} />
        </Form.Item>
        <Form.Item name="reason" label={t("queue.reassignReason")} required>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Space>
          <Button onClick={() => onClose()}>{t("queue.cancel")}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("queue.confirm")}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}
