// Drives the web console for the end-to-end test: a headless Debian Chromium, sign-in through the
// development page, an axe-core check of each page, a screenshot of each step, and a small API
// client that keeps cookies like a browser, for the security checks.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { ensureWebBuild, loadConsoleConfig, type RunningConsole, startConsole } from "@mediation/console";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import type { CentreFixture } from "./centre-fixture.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(REPO_ROOT, "test-results", "console");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The console beside a test centre, on a free port, with the centre's development sign-in. */
export async function startDevelopmentConsole(f: CentreFixture): Promise<RunningConsole> {
  await ensureWebBuild((line) => console.log(line));
  const { intake, routing, mediation, statistics } = f.centre.addresses;
  return startConsole(
    loadConsoleConfig({
      CONSOLE_PORT: "0",
      DEV_AUTH_SECRET: f.centre.authSecret,
      MEDIATION_INTAKE_ADDR: intake,
      MEDIATION_ROUTING_ADDR: routing,
      MEDIATION_MEDIATION_ADDR: mediation,
      MEDIATION_STATISTICS_ADDR: statistics,
    }),
  );
}

/** Photographs a step and expects axe-core to find nothing serious on it. */
export async function checked(page: Page, step: string): Promise<void> {
  await screenshot(page, step);
  expect(await accessibilityProblems(page), `axe on ${step}`).toEqual([]);
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export type ConsoleRole = "centre" | "mediator" | "supervisor" | "analyst";

/**
 * A fresh browser (its own cookies) at tablet width, asking for reduced motion so each screenshot is
 * settled; signed in through the development page when a role is given.
 */
export async function openConsole(browser: Browser, url: string, role?: ConsoleRole, bound = ""): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 768, height: 1024 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await page.goto(url);
  if (role) await signIn(page, role, bound);
  return page;
}

/** A time as the console shows it: Asia/Shanghai, in Chinese. */
export const shanghaiTime = (iso: string) =>
  new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

export async function signIn(page: Page, role: ConsoleRole, bound = ""): Promise<void> {
  const names = { centre: "街道中心", mediator: "调解员", supervisor: "督导", analyst: "统计分析" };
  await page.getByText("仅供开发使用 / development only").waitFor();
  await page.getByText(names[role], { exact: true }).click();
  await page.getByRole("radio", { name: names[role], checked: true }).waitFor({ state: "attached" });
  if (role === "centre" || role === "supervisor") await page.getByLabel("街道中心代码").fill(bound);
  if (role === "mediator") await page.getByLabel("调解员编号").fill(bound);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("button", { name: "退出登录" }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A and AA). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the console's content security policy stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: object): Promise<{ violations: unknown[] }> };
    };
    const result = await page.axe.run(page.document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Calls the console's API as one browser would: it keeps its cookies and knows its CSRF token. */
export class ConsoleApi {
  private readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(private readonly url: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  }

  /** A change, with the CSRF token in its header as the web app sends it. */
  change(path: string, body: unknown) {
    return this.request("POST", path, body, { "x-csrf-token": this.csrf });
  }

  async signIn(role: string, fields: Record<string, string>): Promise<void> {
    const session = await this.request("GET", "/api/session");
    this.csrf = String(session.json.csrfToken);
    const signedIn = await this.change("/auth/dev", { role, ...fields });
    if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.json)}`);
  }
}
