// The web console in a real browser against a running centre: a centre submits a dispute through the form (seeing the
// service's field errors first); the mediator sees its offer arrive live, accepts, records a session and closes with an
// agreement; the analyst sees the success rate; a centre follows a second dispute's timeline and withdraws it. Each page
// is checked with axe-core and photographed. Then: no centre reads another's dispute, no change passes without CSRF token.
import type { RunningConsole } from "@mediation/console";
import { intake } from "@mediation/contracts";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import {
  ConsoleApi,
  checked,
  launchChromium,
  openConsole,
  shanghaiTime,
  signIn,
  startDevelopmentConsole,
} from "../support/console-browser.js";
import { aDispute } from "../support/disputes.js";

const FAMILY = ["FAMILY", "NEIGHBOUR", "SMALL_DEBT"];

describe("the web console, in a browser", () => {
  let f: CentreFixture;
  let web: RunningConsole;
  let browser: Browser;
  let caseNumber = "";

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [
        { mediatorId: "M-JD01-01", centreCode: "JD01", categories: FAMILY },
        { mediatorId: "M-JD02-01", centreCode: "JD02", categories: FAMILY },
      ],
      supervisors: { JD01: "S-JD01" },
    });
    web = await startDevelopmentConsole(f);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await f?.stop();
  });

  it("takes a dispute from the centre's form to the mediator's live inbox, through a session to an agreement", async () => {
    // The mediator is signed in and waiting before the dispute exists.
    const mediator = await openConsole(browser, web.url);
    await checked(mediator, "01-sign-in");
    await signIn(mediator, "mediator", "M-JD01-01");
    await mediator.getByText("实时连接中").waitFor();
    await mediator.evaluate(() => {
      (globalThis as unknown as { stillThisPage: boolean }).stillThisPage = true;
    });
    await checked(mediator, "02-mediator-inbox-empty");

    const centre = await openConsole(browser, web.url, "centre", "JD01");
    await centre.getByLabel("纠纷概要").waitFor();
    await checked(centre, "03-centre-intake");

    // Nothing filled in: the intake service's INVALID_ARGUMENT shows under each field.
    await centre.getByRole("button", { name: "提交登记" }).click();
    await centre.getByText("请填写纠纷概要（不超过规定字数）。").waitFor();
    await centre.getByText("请选择纠纷类别。").waitFor();
    await checked(centre, "04-centre-field-errors");

    await centre.getByRole("combobox", { name: "纠纷类别" }).click();
    await centre.locator('.ant-select-item-option[title="婚姻家庭"]').click();
    await centre.getByLabel("涉及金额（元）").fill("1200.50");
    await centre.getByLabel("纠纷概要").fill("赡养老人费用分担");
    await centre.getByLabel("姓名或名称").nth(0).fill("赵一");
    await centre.getByLabel("姓名或名称").nth(1).fill("赵二");
    await centre.getByRole("button", { name: "提交登记" }).click();
    const submitted = await centre.getByText(/已登记，案号 \S+/).textContent({ timeout: 15_000 });
    caseNumber = (submitted ?? "").replace("已登记，案号 ", "").trim();
    expect(caseNumber).toMatch(/^JD01-/);
    await checked(centre, "05-centre-submitted");

    await centre.getByRole("tab", { name: "本中心纠纷" }).click();
    await centre.getByRole("button", { name: caseNumber }).waitFor();
    await centre.getByText("1,200.50").waitFor();
    await checked(centre, "06-centre-disputes");

    // The offer arrives on the page the mediator already had open.
    const offer = mediator.locator("[data-offer-id]");
    await offer.waitFor({ timeout: 30_000 });
    expect(await offer.textContent()).toContain("婚姻家庭");
    expect(await mediator.evaluate(() => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    await checked(mediator, "07-mediator-offer-live");

    await offer.getByRole("button", { name: "接受" }).click();
    await mediator.getByText("已接受，案件已加入“我的案件”").waitFor();
    await mediator.getByRole("tab", { name: "我的案件" }).click();
    const row = mediator.locator("tr", { hasText: "婚姻家庭 · JD01" });
    await row.waitFor();
    await checked(mediator, "08-mediator-cases");

    await row.getByRole("button", { name: "记录调解" }).click();
    await mediator.getByLabel("调解记录").fill("双方到场，初步沟通赡养费分担");
    await checked(mediator, "09-mediator-record-session");
    await mediator.getByRole("button", { name: "确定" }).click();
    await expect.poll(() => row.locator("td").nth(3).textContent(), { timeout: 15_000 }).toBe("1");

    await row.getByRole("button", { name: "延期" }).click();
    await mediator.getByLabel("双方当事人均同意延期").check();
    await mediator.getByRole("button", { name: "确定" }).click();
    await row.getByText("已延期").waitFor({ timeout: 15_000 });
    await row.getByRole("button", { name: "结案" }).click();
    await mediator.getByLabel("义务人 1").fill("赵二");
    await mediator.getByLabel("内容 1").fill("每月支付赡养费 1200.50 元");
    await mediator.getByLabel("履行方式 1").fill("银行转账");
    await mediator.getByLabel("履行期限 1").fill("2027-01-31");
    await checked(mediator, "10-mediator-close-agreement");
    await mediator.getByRole("button", { name: "确定" }).click();
    await row.getByText("达成协议").waitFor({ timeout: 15_000 });
    expect(await row.locator("td").nth(4).textContent()).toMatch(/2026|2027/);
    await checked(mediator, "11-mediator-closed");
  }, 180_000);

  it("shows the analyst the month's success rate, and switches to English", async () => {
    const analyst = await openConsole(browser, web.url, "analyst");
    const rate = analyst.getByTestId("success-rate");
    // Statistics counts the closing from its event; ask again until it has.
    for (let attempt = 0; attempt < 30 && !(await rate.textContent().catch(() => ""))?.includes("100.00%"); attempt++) {
      await analyst.waitForTimeout(1_000);
      await analyst.getByRole("button", { name: "查询" }).click();
      await rate.waitFor({ timeout: 10_000 });
    }
    expect(await rate.textContent()).toContain("100.00%");
    // Beside it: disputes resolved across all channels (the agreement ended one), and nobody waiting for an owner.
    expect(await analyst.getByTestId("resolved-rate").textContent()).toMatch(/\d+\.\d\d%/);
    await analyst.getByTestId("waiting-for-owner").getByText("无待认领纠纷").waitFor();
    // The service's own CSV and printable HTML, through the analyst's session.
    for (const [name, type] of [
      ["下载 CSV", /text\/csv/],
      ["打印版报告", /text\/html/],
    ] as const) {
      const file = await analyst.request.get(`${web.url}${await analyst.getByRole("link", { name }).getAttribute("href")}`);
      expect(file.status()).toBe(200);
      expect(file.headers()["content-type"]).toMatch(type);
      expect(await file.text()).toContain("调解成功率");
    }
    await checked(analyst, "12-analyst-report");

    await analyst.getByRole("button", { name: "English" }).click();
    await analyst.getByText("Success rate", { exact: true }).waitFor();
    await checked(analyst, "13-analyst-report-english");
  }, 90_000);

  it("shows a centre a dispute's timeline and withdraws it, the reason required", async () => {
    const second = (await f.clients.submitDispute(aDispute({ summary: "楼上漏水" }))).dispute?.caseNumber ?? "";
    const centre = await openConsole(browser, web.url, "centre", "JD01");
    await centre.getByRole("tab", { name: "本中心纠纷" }).click();
    await centre.getByRole("button", { name: second }).click();
    const timeline = centre.getByRole("list", { name: "办理进程" });
    const first = timeline.locator('li[data-kind="TIMELINE_KIND_SUBMITTED"]');
    await first.waitFor();
    // Each step at its time in Asia/Shanghai, with its Chinese label.
    const at = (await first.locator("time").getAttribute("datetime")) ?? "";
    expect(await first.textContent()).toContain(`${shanghaiTime(at)} 登记受理`);
    await checked(centre, "15-centre-dispute-timeline");
    await centre.getByRole("radio", { name: "申请人", exact: true }).check();
    await centre.getByRole("button", { name: "撤回纠纷" }).click();
    await centre.getByText("请填写撤回理由。").waitFor();
    await checked(centre, "16-centre-withdraw-reason-required");
    await centre.getByLabel("撤回理由").fill("双方已自行和解");
    await centre.getByRole("button", { name: "撤回纠纷" }).click();
    await expect.poll(() => centre.getByTestId("dispute-state").textContent(), { timeout: 15_000 }).toBe("已撤回");
    const withdrawal = timeline.locator('li[data-kind="TIMELINE_KIND_WITHDRAWN"]');
    expect(await withdrawal.textContent()).toContain("撤回 · 申请人 · 双方已自行和解");
    const row = centre.getByRole("row").filter({ has: centre.getByRole("button", { name: second }) });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("已撤回");
    await checked(centre, "17-centre-withdrawn");
  }, 90_000);

  it("lets no centre read another centre's dispute through the console", async () => {
    const jd01 = new ConsoleApi(web.url);
    await jd01.signIn("centre", { centreCode: "JD01" });
    const own = (await jd01.request("GET", "/api/disputes")).json.disputes as Array<{ disputeId: string; caseNumber: string }>;
    const dispute = own.find((d) => d.caseNumber === caseNumber);
    expect(dispute).toBeDefined();

    const jd02 = new ConsoleApi(web.url);
    await jd02.signIn("centre", { centreCode: "JD02" });
    const read = await jd02.request("GET", `/api/disputes/${dispute?.disputeId}`);
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.json)).not.toContain("赡养");
    const listed = await jd02.request("GET", "/api/disputes?centre=JD01");
    expect(listed.status).toBe(200);
    expect(listed.json.disputes).toEqual([]);

    const nobody = new ConsoleApi(web.url);
    expect((await nobody.request("GET", `/api/disputes/${dispute?.disputeId}`)).status).toBe(401);
  });

  it("refuses a change without the CSRF token, and stores nothing", async () => {
    const api = new ConsoleApi(web.url);
    await api.signIn("centre", { centreCode: "JD01" });
    const before = ((await api.request("GET", "/api/disputes")).json.disputes as unknown[]).length;
    const dispute = intake.SubmitDisputeRequest.toJSON(intake.SubmitDisputeRequest.fromPartial(aDispute({ requestId: "csrf-check-1" })));
    const missing = await api.request("POST", "/api/disputes", dispute);
    expect(missing.status).toBe(403);
    expect(missing.json).toMatchObject({ error: { code: "CSRF" } });
    const wrong = await api.request("POST", "/api/disputes", dispute, { "x-csrf-token": "x".repeat(43) });
    expect(wrong.status).toBe(403);
    expect(((await api.request("GET", "/api/disputes")).json.disputes as unknown[]).length).toBe(before);

    // The same change with the token passes: the refusal was the missing token, nothing else.
    expect((await api.change("/api/disputes", dispute)).status).toBe(201);
    // Signing in is a change too.
    const stranger = new ConsoleApi(web.url);
    await stranger.request("GET", "/api/session");
    expect((await stranger.request("POST", "/auth/dev", { role: "analyst" })).status).toBe(403);
  });

  it("reconnects the live inbox after the mediation service restarts, and loses no offer made meanwhile", async () => {
    const mediator = await openConsole(browser, web.url, "mediator", "M-JD02-01");
    await mediator.getByText("实时连接中").waitFor();
    await mediator.evaluate(() => {
      (globalThis as unknown as { stillThisPage: boolean }).stillThisPage = true;
    });

    await f.centre.kill("mediation");
    await mediator.getByText("连接中断，正在重新连接…").waitFor({ timeout: 15_000 });
    // Submitted while the mediation service is down: its offer is made after the restart,
    // whether or not the browser's stream is back yet.
    await f.clients.submitDispute(aDispute({ centreCode: "JD02", summary: "邻居漏水" }));
    await f.centre.restart("mediation");

    const offer = mediator.locator("[data-offer-id]");
    await offer.waitFor({ timeout: 60_000 });
    await mediator.getByText("实时连接中").waitFor({ timeout: 30_000 });
    expect(await mediator.evaluate(() => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    await checked(mediator, "18-mediator-offer-after-reconnect");

    await offer.getByRole("button", { name: "拒绝" }).click();
    await mediator.getByLabel("拒绝理由").fill("本周外出培训");
    await mediator.getByRole("dialog").getByRole("button", { name: "拒绝" }).click();
    await mediator.getByText("已拒绝").waitFor();
    expect(await mediator.locator("[data-offer-id]").count()).toBe(0);
  }, 150_000);
});
