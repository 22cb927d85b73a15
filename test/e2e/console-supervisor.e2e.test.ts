// The supervisor's pages in a real browser against a running centre: a case nobody could take waits
// in the work queue with its age; the supervisor names its mediator (the service's field error first),
// whose page then shows the case; then hands it to another mediator with the reason, the deadline
// kept and shown. A district supervisor chooses the centre, a centre without mediators among them; a
// mediator's status changes on the roster.
// Each page is checked with axe-core and photographed; the page switches to English.
import type { RunningConsole } from "@mediation/console";
import { common, mediation } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { ConsoleApi, checked, launchChromium, openConsole, startDevelopmentConsole } from "../support/console-browser.js";
import { choose, queueRow, untilQueued } from "../support/console-queue.js";
import { aDispute } from "../support/disputes.js";

const FAMILY = ["FAMILY", "NEIGHBOUR"];
const { MEDIATOR_STATUS_AVAILABLE } = mediation.MediatorStatus;

describe("the supervisor's work queue, in a browser", () => {
  let f: CentreFixture;
  let web: RunningConsole;
  let browser: Browser;

  beforeAll(async () => {
    f = await startTestCentre({
      // Everyone away: a new case waits for the supervisor.
      mediators: [
        { mediatorId: "M-JD01-01", centreCode: "JD01", categories: FAMILY, status: "AWAY" },
        { mediatorId: "M-JD01-02", centreCode: "JD01", categories: FAMILY, status: "AWAY" },
        { mediatorId: "M-JD02-01", centreCode: "JD02", categories: FAMILY, status: "AWAY" },
      ],
      supervisors: { JD01: "S-JD01", JD02: "S-JD02" },
    });
    web = await startDevelopmentConsole(f);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await f?.stop();
  });

  const escalated = async (centreCode: string, summary: string) => {
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode, summary }));
    const id = dispute?.disputeId ?? "";
    await waitFor(async () => ((await f.clients.listWaiting(centreCode)).items.some((i) => i.disputeId === id) ? true : undefined), {
      what: `the case of ${id} waiting for a mediator`,
      timeoutMs: 30_000,
    });
    return { id, caseNumber: dispute?.caseNumber ?? "" };
  };

  it("assigns a waiting case to a named mediator, whose page then shows it, and reassigns it with a reason, the deadline kept", async () => {
    const { id, caseNumber } = await escalated("JD01", "邻里噪音");
    const caseId = (await f.clients.listWaiting("JD01")).items.find((i) => i.disputeId === id)?.caseId ?? "";
    const supervisor = await openConsole(browser, web.url, "supervisor", "JD01");
    const row = queueRow(supervisor, id);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("待指派调解员");
    expect(await row.getByTestId("age").textContent()).toMatch(/^(不到1分钟|\d+分钟)$/);
    await checked(supervisor, "20-supervisor-work-queue");

    // Filtered to risk alerts, the case is not listed; to waiting cases, it is.
    await choose(supervisor, "事项", "风险预警");
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await choose(supervisor, "事项", "待指派调解员");
    await row.waitFor({ timeout: 15_000 });

    // No mediator chosen: the service's INVALID_ARGUMENT shows on the field.
    await row.getByRole("button", { name: "指派调解员" }).click();
    const dialog = supervisor.getByRole("dialog");
    await dialog.getByRole("button", { name: "确定" }).click();
    await dialog.getByText("请选择调解员。").waitFor({ timeout: 15_000 });
    await checked(supervisor, "21-supervisor-assign-field-error");
    await choose(supervisor, "调解员", "M-JD01-01");
    await dialog.getByRole("button", { name: "确定" }).click();
    const assigned = supervisor.getByRole("status").filter({ hasText: "已指派给 M-JD01-01" });
    await assigned.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await checked(supervisor, "22-supervisor-assigned");

    const first = await openConsole(browser, web.url, "mediator", "M-JD01-01");
    await first.getByRole("tab", { name: "我的案件" }).click();
    await first.locator("tr", { hasText: "婚姻家庭 · JD01" }).waitFor({ timeout: 15_000 });

    // The other mediator is back; the supervisor hands the case over, the reason required.
    await f.clients.setMediatorStatus("M-JD01-02", MEDIATOR_STATUS_AVAILABLE);
    await supervisor.getByRole("tab", { name: "在办案件" }).click();
    const open = supervisor.locator("tr").filter({ has: supervisor.getByText("M-JD01-01", { exact: true }) });
    await open.waitFor({ timeout: 15_000 });
    // The list is the centre's open cases as mediation's ListOpenCases gives them: this one case, nothing else.
    const listed = () => supervisor.locator("[data-case-id]").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-case-id")));
    expect(await listed()).toEqual([caseId]);
    expect((await f.clients.listOpenCases({ centreCode: "JD01" })).cases.map((c) => c.caseId)).toEqual([caseId]);
    const deadline = (await open.locator("td").nth(4).textContent()) ?? "";
    expect(deadline).toMatch(/\d{4}年/);
    await open.getByRole("button", { name: "改派" }).click();
    expect(await supervisor.getByTestId("deadline-kept").textContent()).toBe(`改派后办理期限不变：${deadline}`);
    await choose(supervisor, "调解员", "M-JD01-02");
    await supervisor.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    await supervisor.getByRole("dialog").getByText("请填写理由（不超过500字）。").waitFor({ timeout: 15_000 });
    await checked(supervisor, "23-supervisor-reassign-reason-required");
    await supervisor.getByLabel("改派理由").fill("原调解员休假");
    await supervisor.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    await supervisor
      .getByRole("status")
      .filter({ hasText: `已改派给 M-JD01-02，办理期限不变：${deadline}` })
      .waitFor({ timeout: 15_000 });
    const moved = supervisor.locator("tr").filter({ has: supervisor.getByText("M-JD01-02", { exact: true }) });
    await moved.waitFor({ timeout: 15_000 });
    expect(await listed()).toEqual([caseId]);
    expect(await moved.locator("td").nth(4).textContent()).toBe(deadline);
    await checked(supervisor, "24-supervisor-reassigned");

    const second = await openConsole(browser, web.url, "mediator", "M-JD01-02");
    await second.getByRole("tab", { name: "我的案件" }).click();
    await second.locator("tr", { hasText: "婚姻家庭 · JD01" }).waitFor({ timeout: 15_000 });

    // The centre's timeline names both steps in Chinese; the reassignment says a reason was given, never its words.
    const centre = await openConsole(browser, web.url, "centre", "JD01");
    await centre.getByRole("tab", { name: "本中心纠纷" }).click();
    await centre.getByRole("button", { name: caseNumber }).click();
    const timeline = centre.getByRole("list", { name: "办理进程" });
    const reassigned = timeline.locator('li[data-kind="TIMELINE_KIND_REASSIGNED"]');
    await reassigned.waitFor({ timeout: 15_000 });
    expect(await timeline.locator('li[data-kind="TIMELINE_KIND_ASSIGNED"]').textContent()).toContain("督导指派调解员 · M-JD01-01");
    expect(await reassigned.textContent()).toContain("督导改派调解员 · M-JD01-02 · 督导已说明改派理由");
    expect(await reassigned.textContent()).not.toContain("原调解员休假");
    await checked(centre, "27-centre-timeline-reassigned");

    await supervisor.getByRole("button", { name: "English" }).click();
    await supervisor.getByRole("tab", { name: "Open cases" }).waitFor();
    await supervisor.getByRole("tab", { name: "Work queue" }).click();
    await checked(supervisor, "25-supervisor-english");
  }, 180_000);

  it("lets the district's supervisor see every centre's waiting cases or one centre's", async () => {
    const { id: jd02 } = await escalated("JD02", "楼道堆物");
    const district = await openConsole(browser, web.url, "supervisor", "");
    const row = queueRow(district, jd02);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("JD02");
    await choose(district, "中心", "JD01");
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await choose(district, "中心", "JD02");
    await row.waitFor({ timeout: 15_000 });
    await checked(district, "26-district-work-queue");

    // JD03 has no mediator on the roster, but a dispute of its own waits for triage: the district
    // can still choose it (the centres come from the queue as well as the roster).
    const { dispute } = await f.clients.submitDispute(
      aDispute({ centreCode: "JD03", category: common.Category.CATEGORY_OTHER, summary: "无法归类的纠纷" }),
    );
    const jd03 = dispute?.disputeId ?? "";
    await choose(district, "中心", "全区");
    await untilQueued(district, jd03, "待分流");
    const fresh = await openConsole(browser, web.url, "supervisor", "");
    await choose(fresh, "中心", "JD03");
    await queueRow(fresh, jd03, "待分流").waitFor({ timeout: 15_000 });
    expect(await queueRow(fresh, jd02).count()).toBe(0);

    // A centre's supervisor sees only their own centre.
    const jd01 = await openConsole(browser, web.url, "supervisor", "JD01");
    await jd01.getByText("当前没有等待处理的事项").or(jd01.locator("table")).waitFor({ timeout: 15_000 });
    expect(await queueRow(jd01, jd02).count()).toBe(0);
    expect(await jd01.getByRole("combobox", { name: "中心", exact: true }).count()).toBe(0);
  }, 120_000);

  it("refuses the supervisor's changes without the CSRF token, and passes them on with it", async () => {
    // JD02's mediator is still away: the case waits.
    const { id } = await escalated("JD02", "院墙渗水");
    const { items } = await f.clients.listWaiting("JD02");
    const caseId = items.find((i) => i.disputeId === id)?.caseId ?? "";
    const api = new ConsoleApi(web.url);
    await api.signIn("supervisor", { centreCode: "JD02" });
    for (const [path, body] of [
      [`/api/supervision/cases/${caseId}/assign`, { mediatorId: "M-JD02-01" }],
      [`/api/work-queue/${id}/channel`, { channel: "CHANNEL_PEOPLES_MEDIATION", reason: "试探" }],
      [`/api/work-queue/${id}/acknowledge`, { note: "试探" }],
    ] as const) {
      const refused = await api.request("POST", path, body);
      expect(refused.status, path).toBe(403);
      expect(refused.json).toMatchObject({ error: { code: "CSRF" } });
    }
    expect((await f.clients.listWaiting("JD02")).items.map((i) => i.disputeId)).toContain(id);

    // With the token the change reaches the service, which answers in its own words.
    const escalation = await api.change(`/api/work-queue/${id}/acknowledge`, { note: "试探" });
    expect(escalation.status).toBe(404);
    expect(escalation.json).toMatchObject({ error: { code: "NOT_FOUND" } });
    const assigned = await api.change(`/api/supervision/cases/${caseId}/assign`, { mediatorId: "M-JD02-01" });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ case: { mediatorId: "M-JD02-01", state: "CASE_STATE_ACCEPTED" } });

    // 在办案件 is each centre's own: JD02's supervisor now has this case, JD01's does not, even naming JD02.
    const held = async (a: ConsoleApi, centre = "") =>
      (await a.request("GET", `/api/supervision/cases?centre=${centre}`)).json as { cases: Array<{ caseId: string; centreCode: string }> };
    expect((await held(api)).cases.map((c) => [c.caseId, c.centreCode])).toEqual([[caseId, "JD02"]]);
    const jd01 = new ConsoleApi(web.url);
    await jd01.signIn("supervisor", { centreCode: "JD01" });
    expect((await held(jd01)).cases.map((c) => c.centreCode)).not.toContain("JD02");
    expect((await held(jd01, "JD02")).cases.map((c) => c.centreCode)).not.toContain("JD02");
  }, 60_000);
  it("shows a supervisor the centre's roster and lets them change a status", async () => {
    const supervisor = await openConsole(browser, web.url, "supervisor", "JD01");
    await supervisor.getByRole("tab", { name: "调解员名册" }).click();
    await supervisor.getByText("M-JD01-02 (M-JD01-02)").waitFor();
    await supervisor.getByRole("combobox", { name: "状态 M-JD01-02" }).click();
    await supervisor.locator('.ant-select-item-option[title="暂离"]').click();
    await supervisor.getByText("状态已更新").waitFor();
    await checked(supervisor, "14-supervisor-roster");
  }, 60_000);
});
