// The monthly report: month and centre pickers, the success rate and its change in percentage
// points beside the disputes resolved across all channels, the key figures, each channel's ends,
// the disputes waiting for an owner, the last twelve months, and the service's CSV and printable HTML.
import { Button, Card, Empty, Form, Input, Space, Spin, Statistic, Tag } from "antd";
import { useCallback, useEffect, useState } from "react";
import { api } from "../../api";
import { ErrorNote } from "../../ErrorNote";
import { shanghaiMonth } from "../../format";
import { useI18n } from "../../i18n";
import {
  EndedByChannel,
  type EveryChannelFigures,
  ResolvedAcrossChannels,
  type WaitingForOwner,
  WaitingForOwnerCard,
} from "./EveryChannel";

interface Figures extends EveryChannelFigures {
  received?: number;
  accepted?: number;
  closed?: number;
  agreements?: number;
  noAgreements?: number;
  backlog?: number;
  overdue?: number;
  successRatePercent?: string;
}

interface Report {
  month: string;
  centreCode?: string;
  figures?: Figures;
  previousMonth?: { month: string; changes?: Array<{ figure: string; change: string }> };
  successRateHistory?: Array<{ month: string; successRatePercent?: string }>;
  published?: boolean;
  waitingForOwner?: WaitingForOwner;
}

const FIGURES = ["received", "accepted", "closed", "agreements", "noAgreements", "backlog", "overdue"] as const;

export default function AnalystPage() {
  const { t, language } = useI18n();
  const [query, setQuery] = useState({ month: shanghaiMonth(), centre: "" });
  const [report, setReport] = useState<Report | null>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(() => {
    setError(undefined);
    setReport(undefined);
    const centre = query.centre ? `?centre=${encodeURIComponent(query.centre)}` : "";
    api<{ report: Report | null }>("GET", `/api/reports/${query.month}${centre}`).then((r) => setReport(r.report), setError);
  }, [query]);
  useEffect(load, [load]);

  const exportLink = (format: "csv" | "html") =>
    `/api/reports/${query.month}/export?format=${format}&lang=${language === "en" ? "en" : "zh"}${query.centre ? `&centre=${encodeURIComponent(query.centre)}` : ""}`;
  const rate = report?.figures?.successRatePercent;
  const rateChange = report?.previousMonth?.changes?.find((c) => c.figure === "successRatePercent")?.change;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Form
        layout="inline"
        initialValues={query}
        onFinish={(values: { month: string; centre?: string }) =>
          setQuery({ month: values.month, centre: (values.centre ?? "").trim().toUpperCase() })
        }
      >
        <Form.Item name="month" label={t("analyst.month")}>
          <Input type="month" />
        </Form.Item>
        <Form.Item name="centre" label={t("analyst.centre")}>
          <Input placeholder="JD01" style={{ width: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t("analyst.show")}
        </Button>
      </Form>
      {error ? (
        <ErrorNote error={error} onRetry={load} />
      ) : report === undefined ? (
        <Spin description={t("app.loading")} />
      ) : report === null || !report.figures ? (
        <Empty description={t("analyst.empty")} />
      ) : (
        <>
          <Card
            title={`${t("analyst.report")} ${report.month} ${report.centreCode || ""}`}
            extra={
              <Tag color={report.published ? "green" : "default"}>{report.published ? t("analyst.published") : t("analyst.live")}</Tag>
            }
          >
            <Statistic title={t("analyst.successRate")} value={rate ? `${rate}%` : t("analyst.noRate")} data-testid="success-rate" />
            <ResolvedAcrossChannels figures={report.figures} />
            {rateChange && (
              <p>
                {t("analyst.vsPrevious")} {rateChange.replace(" pp", "")} {t("analyst.pp")}
              </p>
            )}
            <div className="figures">
              {FIGURES.map((key) => (
                <Statistic key={key} title={t(`analyst.${key}`)} value={report.figures?.[key] ?? 0} />
              ))}
            </div>
          </Card>
          <EndedByChannel figures={report.figures} />
          <WaitingForOwnerCard waiting={report.waitingForOwner} />
          <Card title={t("analyst.history")}>
            <table aria-label={t("analyst.history")}>
              <tbody>
                {(report.successRateHistory ?? []).map((m) => (
                  <tr key={m.month}>
                    <th scope="row" style={{ textAlign: "left", paddingRight: 12, fontWeight: "normal" }}>
                      {m.month}
                    </th>
                    <td>
                      <span className="bar" style={{ width: `${Number(m.successRatePercent || 0) * 2}px` }} />{" "}
                      {m.successRatePercent ? `${m.successRatePercent}%` : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <Space wrap>
            <Button href={exportLink("csv")} download>
              {t("analyst.csv")}
            </Button>
            <Button href={exportLink("html")} target="_blank" rel="noopener">
              {t("analyst.html")}
            </Button>
          </Space>
        </>
      )}
    </Space>
  );
}
