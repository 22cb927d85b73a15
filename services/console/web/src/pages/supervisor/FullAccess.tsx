// A supervisor asks to see a dispute's ID numbers and phones in full: the reason is required, sent to
// intake as GetDispute's access_reason and recorded with the read in the audit trail.
import { Button, Form, Input, Modal } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { useI18n } from "../../i18n";

export function FullAccess<T>({ disputeId, onShown }: { disputeId: string; onShown: (loaded: T) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ reason?: string }>();

  const submit = async ({ reason }: { reason?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const loaded = await api<T>("POST", `/api/disputes/${encodeURIComponent(disputeId)}/full`, { reason: reason ?? "" });
      setOpen(false);
      form.resetFields();
      onShown(loaded);
    } catch (caught) {
      const fields = caught instanceof ApiError && caught.code === "INVALID_ARGUMENT" ? caught.fields : [];
      if (fields.length > 0) form.setFields([{ name: "reason", errors: fields.map((f) => f.problem) }]);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("privacy.showFull")}</Button>
      <Modal
        open={open}
        title={t("privacy.fullTitle")}
        onCancel={() => setOpen(false)}
        okText={t("privacy.confirm")}
        cancelText={t("privacy.cancel")}
        confirmLoading={busy}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p>{t("privacy.fullHint")}</p>
        {error !== undefined && <ErrorNote error={error} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="reason"
            label={t("privacy.reason")}
            required
            rules={[{ required: true, whitespace: true, message: t("privacy.reasonRequired") }]}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
