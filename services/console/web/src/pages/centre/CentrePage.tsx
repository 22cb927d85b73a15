import { Tabs } from "antd";
import { useState } from "react";
import { useI18n } from "../../i18n";
import { DisputeList } from "./DisputeList";
import { IntakeForm } from "./IntakeForm";

export default function CentrePage() {
  const { t } = useI18n();
  const [submitted, setSubmitted] = useState(0);
  return (
    <Tabs
      items={[
        { key: "intake", label: t("centre.intake"), children: <IntakeForm onSubmitted={() => setSubmitted((n) => n + 1)} /> },
        { key: "disputes", label: t("centre.disputes"), children: <DisputeList refreshKey={submitted} /> },
      ]}
    />
  );
}
