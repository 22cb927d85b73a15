// An error in plain words, with the service's own message as detail; an ended session offers to
// sign in again.
import { Alert } from "antd";
import { ApiError } from "./api";
import { useI18n } from "./i18n";

export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown) => {
    const code = error instanceof ApiError ? error.code : "OTHER";
    const known = t(`errors.${code}`);
    return known.startsWith("errors.") ? t("errors.OTHER") : known;
  };
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = useErrorText();
  if (!error) return null;
  const detail = error instanceof ApiError && error.code !== "NETWORK" ? error.message : "";
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={text(error)}
      description={detail ? `${t("errors.detail")}: ${detail}` : undefined}
      action={
        error instanceof ApiError && error.code === "UNAUTHENTICATED" ? (
          // A fresh load finds no session and shows the sign-in page.
          <a href="/">{t("app.signInAgain")}</a>
        ) : onRetry ? (
          <button type="button" className="link-button" onClick={onRetry}>
            {t("app.retry")}
          </button>
        ) : undefined
      }
    />
  );
}
