// One action on a work-queue item, in a dialog: choose the channel (with the reason), acknowledge an
// escalation or a risk alert (with a note), or name the mediator of a case nobody took. The
// service's field errors show on the fields; other refusals as a message in the dialog.
import { Button, Form, Input, Modal, Select, Space } from "antd";
import { useState } from "react";
import { api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { showOnFields } from "../../fieldErrors";
import { age, dateTime } from "../../format";
import { MESSAGES, useI18n } from "../../i18n";
import { MediatorPicker } from "./MediatorPicker";

export interface WorkItem {
  kind: string;
  disputeId: string;
  centreCode: string;
  category: string;
  waitingSince?: string;
  ageSeconds?: string;
  alertId?: string;
  riskLevel?: string;
  caseId?: string;
  channel?: string;
  /** Why it waits, in Chinese; reasonEn in English (absent for a person's words and older items). */
  reason?: string;
  reasonEn?: string;
  acknowledgedBy?: string;
  note?: string;
}

export type Action = "decide" | "acknowledge" | "assign";

export const actionOf = (kind: string): Action =>
  kind === "WORK_ITEM_KIND_AWAITING_MEDIATOR"
    ? "assign"
    : kind === "WORK_ITEM_KIND_ESCALATION" || kind === "WORK_ITEM_KIND_RISK_ALERT"
      ? "acknowledge"
      : "decide";

/** Channels a person may choose: every channel that handles a dispute. */
const CHOOSABLE = Object.keys(MESSAGES["zh-CN"].channels).filter((c) => c !== "CHANNEL_TRIAGE" && c !== "CHANNEL_DISTRICT_ESCALATION");

interface Values {
  channel?: string;
  reason?: string;
  note?: string;
  mediatorId?: string;
}

export function QueueAction({ item, onClose }: { item: WorkItem; onClose: (done?: string) => void }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const action = actionOf(item.kind);
  const id = encodeURIComponent(item.disputeId);

  const perform = async (v: Values): Promise<string> => {
    if (action === "decide") {
      const r = await api<{ channel: string }>("POST", `/api/work-queue/${id}/channel`, {
        channel: v.channel ?? "",
        reason: v.reason ?? "",
      });
      return t("queue.decided", { channel: t(`channels.${r.channel}`) });
    }
    if (action === "acknowledge") {
      const path =
        item.kind === "WORK_ITEM_KIND_RISK_ALERT"
          ? `/api/alerts/${encodeURIComponent(item.alertId ?? "")}/acknowledge`
          : `/api/work-queue/${id}/acknowledge`;
      const r = await api<{ secondsToAcknowledge?: string }>("POST", path, { note: v.note ?? "" });
      return t("queue.acknowledged", { age: age(r.secondsToAcknowledge, t) });
    }
    const r = await api<{ case: { mediatorId: string; deadlineAt?: string } }>(
      "POST",
      `/api/supervision/cases/${encodeURIComponent(item.caseId ?? "")}/assign`,
      { mediatorId: v.mediatorId ?? "" },
    );
    return t("queue.assigned", { mediator: r.case.mediatorId, deadline: dateTime(r.case.deadlineAt, language) });
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      onClose(await perform(values));
    } catch (caught) {
      const fields = { channel: "channel", reason: "reason", note: "note", mediator_id: "mediatorId" };
      if (!showOnFields(form, caught, fields, t)) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const title = t(`queue.${action}`);
  return (
    <Modal open title={`${title} · ${t(`queue.kinds.${item.kind}`)}`} onCancel={() => onClose()} footer={null} destroyOnHidden>
      <p>
        {t(`categories.${item.category}`)} · {item.centreCode} · {t("queue.age")} {age(item.ageSeconds, t)}
      </p>
      <ErrorNote error={error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        {action === "decide" && (
          <>
            <Form.Item name="channel" label={t("queue.chooseChannel")} required>
              <Select
                aria-label={t("queue.chooseChannel")}
                options={CHOOSABLE.map((value) => ({ value, label: t(`channels.${value}`) }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={t("queue.decideReason")} required>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === "acknowledge" && (
          <Form.Item name="note" label={t("queue.note")} required>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
        {action === "assign" && (
          <Form.Item name="mediatorId" label={t("queue.mediator")} required>
            <MediatorPicker centreCode={item.centreCode} channel={item.channel ?? ""} category={item.category} />
          </Form.Item>
        )}
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
