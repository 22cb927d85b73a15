// Drives the web console for the end-to-end test: a headless Debian Chromium, sign-in through the
// development page, an axe-core check of each page, a screenshot of each step, and a small API
// client that keeps cookies like a browser, for the security checks.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(REPO_ROOT, "test-results", "console");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

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

/** A fresh browser (its own cookies) at tablet width, asking for reduced motion so each screenshot is settled. */
export async function openConsole(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 768, height: 1024 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

export async function signIn(page: Page, role: "centre" | "mediator" | "supervisor" | "analyst", bound = ""): Promise<void> {
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
