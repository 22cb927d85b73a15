// The mediators of a case's centre who serve its channel and category, to choose one from.
import { Select } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { useI18n } from "../../i18n";

export interface Mediator {
  mediatorId: string;
  displayName: string;
  centreCode: string;
  categories?: string[];
  channels?: string[];
  maxOpenCases: number;
  openCases?: number;
  status: string;
}

interface Props {
  id?: string;
  centreCode: string;
  channel: string;
  category: string;
  /** The case's present mediator, who is not offered again. */
  except?: string;
  value?: string;
  onChange?: (value: string) => void;
}

export function MediatorPicker({ id, centreCode, channel, category, except, value, onChange }: Props) {
  const { t } = useI18n();
  const [mediators, setMediators] = useState<Mediator[]>();
  useEffect(() => {
    api<{ mediators: Mediator[] }>("GET", `/api/roster?centre=${encodeURIComponent(centreCode)}`).then(
      (r) => setMediators(r.mediators),
      () => setMediators([]),
    );
  }, [centreCode]);
  const fit = (mediators ?? []).filter(
    (m) =>
      m.centreCode === centreCode &&
      m.mediatorId !== except &&
      (m.channels ?? []).includes(channel) &&
      (m.categories ?? []).includes(category),
  );
  return (
    <Select
      id={id}
      aria-label={t("queue.mediator")}
      value={value}
      onChange={onChange}
      loading={mediators === undefined}
      notFoundContent={t("queue.noMediator")}
      options={fit.map((m) => ({
        value: m.mediatorId,
        label: `${m.displayName} (${m.mediatorId}) · ${t(`states.${m.status}`)} · ${m.openCases ?? 0}/${m.maxOpenCases}`,
      }))}
    />
  );
}
