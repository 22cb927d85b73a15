// The shell: who is signed in, the language switch, and the page for the person's role, each
// role's page loaded only when needed.
import { Button, ConfigProvider, Spin, Tag } from "antd";
import enUS from "antd/locale/en_US";
import antdZhCN from "antd/locale/zh_CN";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { api, loadSession, type Role, type SessionInfo } from "./api";
import { ErrorNote } from "./ErrorNote";
import { I18nContext, type Language, translator } from "./i18n";
import { SignIn } from "./pages/SignIn";

const PAGES: Record<Role, ReturnType<typeof lazy>> = {
  centre: lazy(() => import("./pages/centre/CentrePage")),
  mediator: lazy(() => import("./pages/mediator/MediatorPage")),
  supervisor: lazy(() => import("./pages/supervisor/SupervisorPage")),
  analyst: lazy(() => import("./pages/analyst/AnalystPage")),
};

// Darker than the defaults, so every text keeps at least a 4.5:1 contrast (WCAG 2.1 AA).
const THEME = {
  token: {
    // People who ask their system for less motion get none.
    motion: !matchMedia("(prefers-reduced-motion: reduce)").matches,
    colorPrimary: "#0a4fb5",
    colorError: "#b3261e",
    colorTextSecondary: "rgba(0, 0, 0, 0.7)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextDescription: "rgba(0, 0, 0, 0.62)",
    colorTextQuaternary: "rgba(0, 0, 0, 0.58)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.58)",
  },
};

const storedLanguage = (): Language => (localStorage.getItem("language") === "en" ? "en" : "zh-CN");

export function App() {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const [session, setSession] = useState<SessionInfo>();
  const [error, setError] = useState<unknown>();
  const i18n = useMemo(
    () => ({
      language,
      t: translator(language),
      setLanguage: (next: Language) => {
        localStorage.setItem("language", next);
        setLanguageState(next);
      },
    }),
    [language],
  );
  const { t } = i18n;

  const refresh = useCallback(() => {
    setError(undefined);
    loadSession().then(setSession, setError);
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t("app.title");
  }, [language, t]);

  const signOut = async () => {
    await api("POST", "/auth/logout").catch(() => undefined);
    refresh();
  };

  const person = session?.person;
  const Page = person ? PAGES[person.role] : undefined;
  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider locale={language === "en" ? enUS : antdZhCN} theme={THEME} button={{ autoInsertSpace: false }}>
        <a className="skip-link" href="#main">
          {t("app.title")}
        </a>
        <header className="shell-header">
          <h1>{t("app.title")}</h1>
          {person && (
            <Tag color="blue">
              {t(`app.roles.${person.role}`)} · {person.name}
            </Tag>
          )}
          <Button
            size="small"
            lang={language === "en" ? "zh-CN" : "en"}
            title={t("app.languageLabel")}
            onClick={() => i18n.setLanguage(language === "en" ? "zh-CN" : "en")}
          >
            {t("app.language")}
          </Button>
          {person && (
            <Button size="small" onClick={signOut}>
              {t("app.signOut")}
            </Button>
          )}
        </header>
        <main id="main" className="shell-main">
          {error ? (
            <ErrorNote error={error} onRetry={refresh} />
          ) : !session ? (
            <Spin description={t("app.loading")} />
          ) : Page ? (
            <Suspense fallback={<Spin description={t("app.loading")} />}>
              <Page />
            </Suspense>
          ) : (
            <SignIn mode={session.signIn} onSignedIn={refresh} />
          )}
        </main>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
