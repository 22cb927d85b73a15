// One action on a case, in a dialog: record a session, extend the deadline, or close the case
// (with the agreement's obligations: who, what, how, by when).
import { Button, Checkbox, Form, Input, Modal, Radio, Space } from "antd";
import { useState } from "react";
import { api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { endOfShanghaiDay } from "../../format";
import { MESSAGES, useI18n } from "../../i18n";

export type CaseAction = "session" | "extend" | "close";

interface Values {
  heldAt?: string;
  note?: string;
  bothPartiesConsent?: boolean;
  outcome?: string;
  obligations?: Array<{ obligor?: string; terms?: string; manner?: string; dueBy?: string }>;
  refusedBy?: string;
  partiesToldOfOtherRoutes?: boolean;
}

/** What a mediator closes a case with; guidance on a terminal channel is the centre's, not theirs. */
const CASE_OUTCOMES = Object.keys(MESSAGES["zh-CN"].outcomes).filter((o) => o !== "OUTCOME_GUIDANCE_GIVEN");

const TITLES: Record<CaseAction, string> = {
  session: "mediator.recordTitle",
  extend: "mediator.extendTitle",
  close: "mediator.closeTitle",
};

function requestOf(action: CaseAction, v: Values): { path: string; body: unknown } {
  if (action === "session")
    return { path: "sessions", body: { heldAt: v.heldAt ? new Date(v.heldAt).toISOString() : "", note: v.note ?? "" } };
  if (action === "extend") return { path: "extend", body: { bothPartiesConsent: v.bothPartiesConsent === true } };
  const obligations = v.outcome === "OUTCOME_AGREEMENT" ? (v.obligations ?? []) : [];
  return {
    path: "close",
    body: {
      outcome: v.outcome,
      obligations: obligations.map((o) => ({
        obligor: o.obligor ?? "",
        terms: o.terms ?? "",
        manner: o.manner ?? "",
        dueBy: o.dueBy ? endOfShanghaiDay(o.dueBy) : undefined,
      })),
      refusedBy: v.outcome === "OUTCOME_REFUSED" ? (v.refusedBy ?? "") : "",
      partiesToldOfOtherRoutes: v.partiesToldOfOtherRoutes === true,
    },
  };
}

export function CaseDialog({ action, caseId, onClose }: { action: CaseAction; caseId: string; onClose: (changed: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch("outcome", form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const { path, body } = requestOf(action, values);
      await api("POST", `/api/cases/${encodeURIComponent(caseId)}/${path}`, body);
      setDone(true);
      onClose(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t(TITLES[action])} onCancel={() => onClose(done)} footer={null} destroyOnHidden width={640}>
      <ErrorNote error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: "OUTCOME_AGREEMENT", obligations: [{}] }}>
        {action === "session" && (
          <>
            <Form.Item name="heldAt" label={t("mediator.heldAt")}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="note" label={t("mediator.note")}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
        {action === "extend" && (
          <Form.Item name="bothPartiesConsent" valuePropName="checked">
            <Checkbox>{t("mediator.consent")}</Checkbox>
          </Form.Item>
        )}
        {action === "close" && (
          <>
            <Form.Item name="outcome" label={t("mediator.outcome")}>
              <Radio.Group options={CASE_OUTCOMES.map((value) => ({ value, label: t(`outcomes.${value}`) }))} />
            </Form.Item>
            {outcome === "OUTCOME_AGREEMENT" && <Obligations />}
            {outcome === "OUTCOME_REFUSED" && (
              <Form.Item name="refusedBy" label={t("mediator.refusedBy")}>
                <Input />
              </Form.Item>
            )}
            {outcome === "OUTCOME_NO_AGREEMENT" && (
              <Form.Item name="partiesToldOfOtherRoutes" valuePropName="checked">
                <Checkbox>{t("mediator.toldOtherRoutes")}</Checkbox>
              </Form.Item>
            )}
          </>
        )}
        <Space>
          <Button onClick={() => onClose(done)}>{t("mediator.cancel")}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("mediator.confirm")}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}

function Obligations() {
  const { t } = useI18n();
  return (
    <fieldset className="party">
      <legend>{t("mediator.obligations")}</legend>
      <Form.List name="obligations">
        {(items, { add, remove }) => (
          <>
            {items.map((item, index) => (
              <div key={item.key} style={{ borderBottom: "1px dashed #d9d9d9", marginBottom: 8 }}>
                <Form.Item name={[item.name, "obligor"]} label={`${t("mediator.obligor")} ${index + 1}`}>
                  <Input />
                </Form.Item>
                <Form.Item name={[item.name, "terms"]} label={`${t("mediator.terms")} ${index + 1}`}>
                  <Input />
                </Form.Item>
                <Form.Item name={[item.name, "manner"]} label={`${t("mediator.manner")} ${index + 1}`}>
                  <Input />
                </Form.Item>
                <Form.Item name={[item.name, "dueBy"]} label={`${t("mediator.dueBy")} ${index + 1}`}>
                  <Input type="date" />
                </Form.Item>
                {items.length > 1 && (
                  <Button size="small" onClick={() => remove(item.name)}>
                    {t("mediator.remove")} {index + 1}
                  </Button>
                )}
              </div>
            ))}
            <Button onClick={() => add({})}>{t("mediator.addObligation")}</Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
