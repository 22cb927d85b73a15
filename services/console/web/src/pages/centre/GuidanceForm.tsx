// On a terminal channel (litigation guidance, labour arbitration) the centre records which court or
// arbitration commission it told the parties to turn to; that ends the dispute at the centre.
import { Button, Form, Input } from "antd";
import { useState } from "react";
import { api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { showOnFields } from "../../fieldErrors";
import { useI18n } from "../../i18n";

export const TERMINAL = ["CHANNEL_LITIGATION_GUIDANCE", "CHANNEL_LABOUR_ARBITRATION"];

export function GuidanceForm({ disputeId, onRecorded }: { disputeId: string; onRecorded: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ institution?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const record = async (v: { institution?: string; note?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await api("POST", `/api/disputes/${encodeURIComponent(disputeId)}/guidance`, {
        institution: v.institution ?? "",
        note: v.note ?? "",
      });
      onRecorded();
    } catch (caught) {
      if (!showOnFields(form, caught, { institution: "institution", note: "note" }, t)) setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={record} className="withdraw-form">
      <h3 className="section-title">{t("progress.guidance")}</h3>
      {error !== undefined && <ErrorNote error={error} />}
      <Form.Item name="institution" label={t("progress.institution")} required>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="note" label={t("progress.guidanceNote")}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("progress.guidance")}
      </Button>
    </Form>
  );
}
