// A street centre registers a dispute. The intake service checks every field; what it finds wrong
// comes back per field (INVALID_ARGUMENT) and shows under that field.
import { Alert, Button, Checkbox, Col, Form, Input, Row, Select } from "antd";
import { useState } from "react";
import { ApiError, api, type FieldProblem } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { MESSAGES, useI18n } from "../../i18n";

interface IntakeValues {
  category?: string;
  claimAmountYuan?: string;
  summary?: string;
  claimantName?: string;
  claimantKind: string;
  claimantPhone?: string;
  claimantIdNumber?: string;
  respondentName?: string;
  respondentKind: string;
  respondentPhone?: string;
  preferredChannel?: string;
  preferredMediatorId?: string;
  mustReport?: boolean;
}

/** The service's field path → the form's field and the message key for it. */
function formField(field: string): { name: keyof IntakeValues | undefined; message: string } {
  const party = /^parties\[(\d+)\]\.(\w+)$/.exec(field);
  if (party) {
    const who = party[1] === "0" ? "claimant" : "respondent";
    const part = { name: "Name", phone: "Phone", id_number: "IdNumber", kind: "Kind", role: "Name" }[party[2] as string] ?? "Name";
    return { name: `${who}${part}` as keyof IntakeValues, message: party[2] as string };
  }
  const direct: Record<string, keyof IntakeValues> = {
    summary: "summary",
    category: "category",
    claim_amount_fen: "claimAmountYuan",
    parties: "claimantName",
    preferred_mediator_id: "preferredMediatorId",
    preferred_channel: "preferredChannel",
  };
  return { name: direct[field], message: field };
}

const newRequestId = () => `web-${crypto.randomUUID()}`;

export function IntakeForm({ onSubmitted }: { onSubmitted: () => void }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<IntakeValues>();
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

  const showProblems = (problems: FieldProblem[]) => {
    const byField = new Map<keyof IntakeValues, string[]>();
    for (const problem of problems) {
      const { name, message } = formField(problem.field);
      if (!name) continue;
      const text = language === "en" ? `${problem.field}: ${problem.problem}` : t(`errors.fields.${message}`);
      byField.set(name, [...(byField.get(name) ?? []), text.startsWith("errors.") ? problem.problem : text]);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors: [...new Set(errors)] })));
  };

  const submit = async (values: IntakeValues) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const { dispute } = await api<{ dispute: { caseNumber: string } }>("POST", "/api/disputes", {
        requestId,
        category: values.category,
        claimAmountYuan: values.claimAmountYuan ?? "",
        summary: values.summary ?? "",
        parties: [
          {
            role: "PARTY_ROLE_CLAIMANT",
            kind: values.claimantKind,
            name: values.claimantName ?? "",
            phone: values.claimantPhone ?? "",
            idNumber: values.claimantIdNumber ?? "",
          },
          {
            role: "PARTY_ROLE_RESPONDENT",
            kind: values.respondentKind,
            name: values.respondentName ?? "",
            phone: values.respondentPhone ?? "",
          },
        ],
        preferredChannel: values.preferredChannel,
        preferredMediatorId: values.preferredMediatorId ?? "",
        mustReport: values.mustReport === true,
      });
      setDone(dispute.caseNumber);
      form.resetFields();
      setRequestId(newRequestId());
      onSubmitted();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "INVALID_ARGUMENT") showProblems(caught.fields);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const kinds = [
    { value: "PARTY_KIND_PERSON", label: t("centre.person") },
    { value: "PARTY_KIND_ORGANISATION", label: t("centre.organisation") },
  ];
  const party = (who: "claimant" | "respondent") => (
    <fieldset className="party">
      <legend>{t(`centre.${who}`)}</legend>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={`${who}Name`} label={t("centre.partyName")} required>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={`${who}Kind`} label={t("centre.partyKind")}>
            <Select aria-label={`${t(`centre.${who}`)} ${t("centre.partyKind")}`} options={kinds} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name={`${who}Phone`} label={t("centre.phone")}>
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
    </fieldset>
  );

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ claimantKind: "PARTY_KIND_PERSON", respondentKind: "PARTY_KIND_PERSON" }}
      style={{ maxWidth: 860 }}
    >
      {done && (
        <Alert type="success" showIcon role="status" title={t("centre.submitted", { caseNumber: done })} style={{ marginBottom: 12 }} />
      )}
      {error !== undefined &&
        (error instanceof ApiError && error.code === "INVALID_ARGUMENT" ? (
          <Alert type="error" showIcon role="alert" title={t("centre.formProblems")} style={{ marginBottom: 12 }} />
        ) : (
          <ErrorNote error={error} />
        ))}
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="category" label={t("centre.category")} required>
            <Select
              aria-label={t("centre.category")}
              options={Object.keys(MESSAGES["zh-CN"].categories).map((value) => ({ value, label: t(`categories.${value}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="claimAmountYuan" label={t("centre.amount")} extra={t("centre.amountHelp")}>
            <Input inputMode="decimal" suffix="元" autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="summary" label={t("centre.summary")} required>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      {party("claimant")}
      {party("respondent")}
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="preferredChannel" label={t("centre.preferredChannel")}>
            <Select
              aria-label={t("centre.preferredChannel")}
              allowClear
              options={Object.keys(MESSAGES["zh-CN"].channels).map((value) => ({ value, label: t(`channels.${value}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="preferredMediatorId" label={t("centre.preferredMediator")}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="mustReport" valuePropName="checked">
        <Checkbox>{t("centre.mustReport")}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("centre.submit")}
      </Button>
    </Form>
  );
}
