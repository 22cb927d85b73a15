// Sign-in. On a development centre: pick a role and a centre or mediator (development only).
// Otherwise: one button to the district's identity provider.
import { Alert, Button, Card, Form, Input, Radio } from "antd";
import { useState } from "react";
import { ApiError, api, type Role } from "../api";
import { ErrorNote } from "../ErrorNote";
import { useI18n } from "../i18n";

interface DevForm {
  role: Role;
  centreCode?: string;
  mediatorId?: string;
}

export function SignIn({ mode, onSignedIn }: { mode: "development" | "oidc"; onSignedIn: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<DevForm>();
  const role = Form.useWatch("role", form) ?? "centre";
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const signInError = new URLSearchParams(location.search).get("signInError");

  if (mode === "oidc") {
    return (
      <Card title={t("signIn.title")} style={{ maxWidth: 480 }}>
        {signInError && <ErrorNote error={new ApiError("UNAUTHENTICATED", signInError)} />}
        <p>{t("signIn.oidcNote")}</p>
        <Button type="primary" href="/auth/login">
          {t("signIn.oidc")}
        </Button>
      </Card>
    );
  }

  const submit = async (values: DevForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await api("POST", "/auth/dev", values);
      onSignedIn();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t("signIn.title")} style={{ maxWidth: 480 }}>
      <Alert type="warning" showIcon title={t("signIn.devOnly")} description={t("signIn.devNote")} style={{ marginBottom: 16 }} />
      <ErrorNote error={error} />
      <Form form={form} layout="vertical" initialValues={{ role: "centre", centreCode: "JD01", mediatorId: "M-JD01-01" }} onFinish={submit}>
        <Form.Item name="role" label={t("signIn.role")}>
          <Radio.Group
            optionType="button"
            options={(["centre", "mediator", "supervisor", "analyst"] as const).map((value) => ({ value, label: t(`app.roles.${value}`) }))}
          />
        </Form.Item>
        {(role === "centre" || role === "supervisor") && (
          <Form.Item name="centreCode" label={t("signIn.centreCode")}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        {role === "mediator" && (
          <Form.Item name="mediatorId" label={t("signIn.mediatorId")}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("signIn.submit")}
        </Button>
      </Form>
    </Card>
  );
}
