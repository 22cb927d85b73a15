// Live offers: server-sent events from the console, fed by WatchAssignments. EventSource
// reconnects by itself and the service resends what is still pending; one row per offer id.
import { Badge, Button, Empty, Form, Input, Modal, message, Space } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { useErrorText } from "../../ErrorNote";
import { dateTime } from "../../format";
import { useI18n } from "../../i18n";

interface Offer {
  offerId: string;
  caseId: string;
  disputeId: string;
  centreCode: string;
  category: string;
  channel: string;
  offeredAt?: string;
  expiresAt?: string;
}

export function Inbox({ onAccepted }: { onAccepted: () => void }) {
  const { t, language } = useI18n();
  const errorText = useErrorText();
  const [offers, setOffers] = useState<Map<string, Offer>>(new Map());
  const [live, setLive] = useState(false);
  const [declining, setDeclining] = useState<Offer>();
  const [busy, setBusy] = useState<string>();
  const [form] = Form.useForm<{ reason: string }>();
  const [notice, notices] = message.useMessage();

  useEffect(() => {
    const source = new EventSource("/api/offers/stream");
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener("offer", (event) => {
      const offer = JSON.parse((event as MessageEvent<string>).data) as Offer;
      setOffers((current) => new Map(current).set(offer.offerId, offer));
    });
    return () => source.close();
  }, []);

  // An offer past its answer-by time has gone to someone else.
  useEffect(() => {
    const timer = setInterval(() => {
      setOffers((current) => {
        const kept = [...current].filter(([, o]) => !o.expiresAt || new Date(o.expiresAt).getTime() > Date.now());
        return kept.length === current.size ? current : new Map(kept);
      });
    }, 5_000);
    return () => clearInterval(timer);
  }, []);

  const drop = (offerId: string) =>
    setOffers((current) => {
      const next = new Map(current);
      next.delete(offerId);
      return next;
    });

  const accept = async (offer: Offer) => {
    setBusy(offer.offerId);
    try {
      await api("POST", `/api/offers/${encodeURIComponent(offer.offerId)}/accept`);
      drop(offer.offerId);
      notice.success(t("mediator.accepted"));
      onAccepted();
    } catch (error) {
      notice.error(errorText(error));
    } finally {
      setBusy(undefined);
    }
  };

  const decline = async ({ reason }: { reason: string }) => {
    if (!declining) return;
    try {
      await api("POST", `/api/offers/${encodeURIComponent(declining.offerId)}/decline`, { reason });
      drop(declining.offerId);
      setDeclining(undefined);
      form.resetFields();
      notice.success(t("mediator.declined"));
    } catch (error) {
      form.setFields([{ name: "reason", errors: [errorText(error)] }]);
    }
  };

  return (
    <>
      {notices}
      <p role="status" aria-live="polite">
        <Badge status={live ? "success" : "warning"} text={live ? t("mediator.live") : t("mediator.reconnecting")} />
      </p>
      {offers.size === 0 ? (
        <Empty description={t("mediator.noOffers")} />
      ) : (
        <ul className="offers" aria-label={t("mediator.inbox")}>
          {[...offers.values()].map((offer) => (
            <li key={offer.offerId} data-offer-id={offer.offerId}>
              <div>
                <h3>{`${t(`categories.${offer.category}`)} · ${t(`channels.${offer.channel}`)} · ${offer.centreCode}`}</h3>
                <p>{`${t("mediator.offeredAt")} ${dateTime(offer.offeredAt, language)} · ${t("mediator.expiresAt")} ${dateTime(offer.expiresAt, language)}`}</p>
              </div>
              <Space>
                <Button type="primary" loading={busy === offer.offerId} onClick={() => accept(offer)}>
                  {t("mediator.accept")}
                </Button>
                <Button onClick={() => setDeclining(offer)}>{t("mediator.decline")}</Button>
              </Space>
            </li>
          ))}
        </ul>
      )}
      <Modal
        open={declining !== undefined}
        title={t("mediator.declineTitle")}
        okText={t("mediator.decline")}
        cancelText={t("mediator.cancel")}
        onOk={() => form.submit()}
        onCancel={() => setDeclining(undefined)}
      >
        <Form form={form} layout="vertical" onFinish={decline}>
          <Form.Item name="reason" label={t("mediator.declineReason")} rules={[{ required: true, message: t("errors.fields.reason") }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
