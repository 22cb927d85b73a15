// The parties of the mediator's own accepted case (intake's GetCaseParties): only that case's
// mediator, while it is open; each view is recorded in intake's audit trail.
import { Modal, Spin } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { useI18n } from "../../i18n";
import { PartiesTable, type Party } from "../PartiesTable";

export function CaseParties({ disputeId, onClose }: { disputeId: string; onClose: () => void }) {
  const { t } = useI18n();
  const [parties, setParties] = useState<Party[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<{ parties: Party[] }>("GET", `/api/case-parties/${encodeURIComponent(disputeId)}`).then((r) => setParties(r.parties), setError);
  }, [disputeId]);
  return (
    <Modal open title={t("privacy.casePartiesTitle")} onCancel={onClose} footer={null} destroyOnHidden>
      <p>{t("privacy.casePartiesHint")}</p>
      {error !== undefined ? (
        <ErrorNote error={error} />
      ) : parties === undefined ? (
        <Spin description={t("app.loading")} />
      ) : (
        <PartiesTable parties={parties} caption={t("privacy.casePartiesTitle")} />
      )}
    </Modal>
  );
}
