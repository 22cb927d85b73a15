import { Tabs } from "antd";
import { useState } from "react";
import { useI18n } from "../../i18n";
import { Cases } from "./Cases";
import { Inbox } from "./Inbox";

export default function MediatorPage() {
  const { t } = useI18n();
  const [accepted, setAccepted] = useState(0);
  return (
    <Tabs
      items={[
        { key: "inbox", label: t("mediator.inbox"), children: <Inbox onAccepted={() => setAccepted((n) => n + 1)} /> },
        { key: "cases", label: t("mediator.cases"), children: <Cases refreshKey={accepted} /> },
      ]}
    />
  );
}
