// The parties of a dispute as a caller may see them (intake decides: in full, or with ID numbers and
// phones masked for a supervisor who has not stated a reason).
import { DataTable } from "../DataTable";
import { useI18n } from "../i18n";

export interface Party {
  role: string;
  kind?: string;
  name: string;
  idNumber?: string;
  phone?: string;
}

export function PartiesTable({ parties, caption }: { parties: Party[]; caption?: string }) {
  const { t } = useI18n();
  return (
    <DataTable<Party>
      caption={caption ?? t("privacy.parties")}
      rowKey={(p) => `${p.role}-${p.name}-${p.idNumber ?? ""}`}
      rows={parties}
      empty="—"
      columns={[
        { title: t("privacy.role"), render: (p) => t(`centre.${p.role === "PARTY_ROLE_CLAIMANT" ? "claimant" : "respondent"}`) },
        { title: t("privacy.name"), render: (p) => p.name },
        { title: t("privacy.idNumber"), render: (p) => <span data-testid="party-id-number">{p.idNumber || "—"}</span> },
        { title: t("privacy.phone"), render: (p) => <span data-testid="party-phone">{p.phone || "—"}</span> },
      ]}
    />
  );
}
