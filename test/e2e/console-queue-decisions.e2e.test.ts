// The supervisor's decisions from the work queue, in a real browser against a running centre: a
// triage dispute's channel chosen with the reason (the service's field errors first); a district
// escalation acknowledged with a note (the time taken shown), then its channel chosen; a risk alert
// acknowledged by the district (a centre's supervisor sees its button disabled, and why). The queue
// and the centre's timeline say why in the language chosen, and who acted as a person reads it; on
// the terminal channel chosen the centre records its guidance, which ends the dispute. Axe-core on
// each page.
import type { RunningConsole } from "@mediation/console";
import { common } from "@mediation/contracts";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { checked, launchChromium, openConsole, startDevelopmentConsole } from "../support/console-browser.js";
import { choose, untilQueued } from "../support/console-queue.js";
import { aDispute } from "../support/disputes.js";

const { Category } = common;

describe("the supervisor's decisions from the work queue, in a browser", () => {
  let f: CentreFixture;
  let web: RunningConsole;
  let browser: Browser;
  let supervisor: Page;

  beforeAll(async () => {
    f = await startTestCentre({
      mediators: [{ mediatorId: "M-JD01-01", centreCode: "JD01", categories: ["FAMILY"] }],
      supervisors: { JD01: "S-JD01" },
    });
    web = await startDevelopmentConsole(f);
    browser = await launchChromium();
    supervisor = await openConsole(browser, web.url, "supervisor", "JD01");
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await f?.stop();
  });

  const submit = async (overrides: Parameters<typeof aDispute>[0]) => {
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", ...overrides }));
    return { id: dispute?.disputeId ?? "", caseNumber: dispute?.caseNumber ?? "" };
  };
  const dialog = () => supervisor.getByRole("dialog");

  /** The centre's view of a dispute: its timeline, and the drawer it is in. */
  async function centreDispute(caseNumber: string) {
    const centre = await openConsole(browser, web.url, "centre", "JD01");
    await centre.getByRole("tab", { name: "本中心纠纷" }).click();
    await centre.getByRole("button", { name: caseNumber }).click();
    return { centre, timeline: centre.getByRole("list", { name: "办理进程" }) };
  }

  it("chooses the channel of a triage dispute from the page, the channel and reason required", async () => {
    const { id, caseNumber } = await submit({ category: Category.CATEGORY_OTHER, summary: "无法归类的纠纷" });
    const row = await untilQueued(supervisor, id, "待分流");
    // Routing's reason, in Chinese first.
    expect(await row.textContent()).toContain("没有适用的规则，由督导人工确定渠道");
    await checked(supervisor, "30-supervisor-triage-waiting");

    await row.getByRole("button", { name: "选择渠道" }).click();
    await dialog().getByRole("button", { name: "确定" }).click();
    await dialog().getByText("请选择可用的处理渠道（不能是分流研判或上报区中心）。").waitFor({ timeout: 15_000 });
    await dialog().getByText("请填写理由（不超过500字）。").waitFor();
    await checked(supervisor, "31-supervisor-decide-field-errors");
    await choose(supervisor, "处理渠道", "人民调解");
    await dialog().getByLabel("选择理由").fill("双方同意先行人民调解");
    await dialog().getByRole("button", { name: "确定" }).click();
    await supervisor.getByRole("status").filter({ hasText: "已确定渠道：人民调解" }).waitFor({ timeout: 15_000 });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);

    const { centre, timeline } = await centreDispute(caseNumber);
    // Intake files a second routing as "routed onward"; either way it says who chose and why.
    const routed = timeline.locator('li[data-kind^="TIMELINE_KIND_ROUTED"]').filter({ hasText: "人工决定" });
    await routed.waitFor({ timeout: 15_000 });
    // Who decided, as a person reads the development sign-in's subject (dev:supervisor:JD01).
    expect(await routed.textContent()).toMatch(/分流 · 人民调解 · 人工决定（督导（JD01）） · 双方同意先行人民调解$/);
    // The first routing says why, from the policy, in Chinese.
    const first = timeline.locator('li[data-kind="TIMELINE_KIND_ROUTED"]').filter({ hasText: "分流研判" });
    expect(await first.textContent()).toMatch(/分流 · 分流研判 · 没有适用的规则，由督导人工确定渠道$/);
    await checked(centre, "32-centre-timeline-manual-routing");
    // In English: the policy's English reason, and who decided in English; the person's words as written.
    const inEnglish = await openConsole(browser, web.url, "centre", "JD01");
    await inEnglish.getByRole("button", { name: "English" }).click();
    await inEnglish.getByRole("tab", { name: "Our disputes" }).click();
    await inEnglish.getByRole("button", { name: caseNumber }).click();
    const english = inEnglish.getByRole("list", { name: "Progress" });
    const routedEn = english.locator('li[data-kind="TIMELINE_KIND_ROUTED"]');
    await routedEn.first().waitFor();
    expect(await routedEn.first().textContent()).toMatch(/Routed · Triage.* · no rule applies; a person decides the channel$/);
    expect(await english.locator('li[data-kind^="TIMELINE_KIND_ROUTED"]').last().textContent()).toContain(
      "decided by Supervisor (JD01) · 双方同意先行人民调解",
    );
  }, 120_000);

  it("acknowledges a district escalation (the time taken shown), chooses its channel, and the centre records its guidance", async () => {
    const { id, caseNumber } = await submit({ category: Category.CATEGORY_DEMOLITION_RESETTLEMENT, summary: "拆迁补偿争议" });
    const row = await untilQueued(supervisor, id, "区级上报待签收");
    await row.getByRole("button", { name: "签收" }).click();
    await dialog().getByRole("button", { name: "确定" }).click();
    await dialog().getByText("请填写签收意见（不超过500字）。").waitFor({ timeout: 15_000 });
    await dialog().getByLabel("签收意见").fill("已联系区征收办");
    await dialog().getByRole("button", { name: "确定" }).click();
    await supervisor
      .getByRole("status")
      .filter({ hasText: /^已签收，签收用时 (不到1分钟|\d+分钟)$/ })
      .waitFor({ timeout: 15_000 });

    const decision = await untilQueued(supervisor, id, "待定渠道");
    expect(await decision.textContent()).toContain("已联系区征收办");
    await checked(supervisor, "33-supervisor-escalation-acknowledged");
    await decision.getByRole("button", { name: "选择渠道" }).click();
    await choose(supervisor, "处理渠道", "诉讼引导");
    await dialog().getByLabel("选择理由").fill("涉及行政征收决定，引导诉讼");
    await dialog().getByRole("button", { name: "确定" }).click();
    await supervisor.getByRole("status").filter({ hasText: "已确定渠道：诉讼引导" }).waitFor({ timeout: 15_000 });

    // The centre sees the dispute on a terminal channel and records where the parties were sent.
    const { centre, timeline } = await centreDispute(caseNumber);
    await timeline.locator('li[data-kind="TIMELINE_KIND_ESCALATION_ACKNOWLEDGED"]').filter({ hasText: "区级上报已签收" }).waitFor();
    const record = centre.getByRole("button", { name: "记录引导" });
    await record.waitFor({ timeout: 15_000 });
    await record.click();
    await centre.getByText("请填写法院或仲裁委员会名称（不超过100字）。").waitFor({ timeout: 15_000 });
    await checked(centre, "34-centre-guidance-field-error");
    await centre.getByLabel("引导至（法院或仲裁委员会）").fill("朝阳区人民法院");
    await centre.getByLabel("备注（可选）").fill("已告知起诉材料");
    await record.click();
    await expect.poll(() => centre.getByTestId("dispute-state").textContent(), { timeout: 15_000 }).toBe("已结案");
    const guided = timeline.locator('li[data-kind="TIMELINE_KIND_GUIDANCE_RECORDED"]');
    await guided.waitFor({ timeout: 15_000 });
    expect(await guided.textContent()).toContain("已引导至法院或仲裁机构 · 诉讼引导");
    expect(await guided.textContent()).toContain("朝阳区人民法院");
    expect(await centre.getByRole("button", { name: "记录引导" }).count()).toBe(0);
    await checked(centre, "35-centre-guidance-recorded");
  }, 120_000);

  it("shows a centre's supervisor a risk alert they may not acknowledge; the district acknowledges it, the time taken shown", async () => {
    const { id, caseNumber } = await submit({ category: Category.CATEGORY_FAMILY, mustReport: true, summary: "可能激化的家庭纠纷" });
    const row = await untilQueued(supervisor, id, "风险预警");
    expect(await row.textContent()).toContain("红色预警");
    await checked(supervisor, "36-supervisor-risk-alert");
    expect(await row.textContent()).toContain("红色风险（需上报（可能转化为刑事或治安案件））：上报区中心");
    // The policy names a district office as the owner: the centre's supervisor may not acknowledge it,
    // so the button is disabled and says why.
    const acknowledge = row.getByRole("button", { name: "签收" });
    expect(await acknowledge.isDisabled()).toBe(true);
    expect(await acknowledge.getAttribute("aria-description")).toBe("风险预警由区中心签收");
    await acknowledge.hover({ force: true });
    await supervisor.getByRole("tooltip").filter({ hasText: "风险预警由区中心签收" }).waitFor({ timeout: 15_000 });
    await checked(supervisor, "37-supervisor-risk-alert-district-acknowledges");
    expect(await dialog().count()).toBe(0);

    const district = await openConsole(browser, web.url, "supervisor", "");
    const alert = await untilQueued(district, id, "风险预警");
    await alert.getByRole("button", { name: "签收" }).click();
    await district.getByRole("dialog").getByLabel("签收意见").fill("已报告派出所并安排专人跟进");
    await district.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    const done = district.getByRole("status").filter({ hasText: /^已签收，签收用时 (不到1分钟|\d+分钟)$/ });
    await done.waitFor({ timeout: 15_000 });
    await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(0);
    await checked(district, "38-district-risk-alert-acknowledged");

    const { timeline } = await centreDispute(caseNumber);
    const acknowledged = timeline.locator('li[data-kind="TIMELINE_KIND_RISK_ALERT_ACKNOWLEDGED"]');
    await acknowledged.filter({ hasText: "风险预警已签收" }).waitFor({ timeout: 15_000 });
    // The district's development subject (dev:supervisor:district), as a person reads it.
    expect(await acknowledged.textContent()).toMatch(/风险预警已签收 · 督导（区中心）$/);
  }, 120_000);
});
