// Need-to-know views in a real browser against a running centre (docs/architecture.md#security): a
// supervisor sees a dispute's ID numbers and phones masked, asks to see them in full (查看完整信息) with
// a reason, which is required, and sees them; the mediator the case is assigned to opens its parties
// (当事人信息). Each read is then found in intake's audit trail as that person, the reason with it.
// Each page is checked with axe-core and photographed.
import type { RunningConsole } from "@mediation/console";
import { intake } from "@mediation/contracts";
import { waitFor } from "@mediation/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { checked, launchChromium, openConsole, startDevelopmentConsole } from "../support/console-browser.js";
import { aDispute } from "../support/disputes.js";

const FAMILY = ["FAMILY", "NEIGHBOUR"];
const ID = "330106199001011234";
const PHONE = "13856785678";
const { PartyKind, PartyRole } = intake;

describe("seeing people's data by need to know, in a browser", () => {
  let f: CentreFixture;
  let web: RunningConsole;
  let browser: Browser;

  beforeAll(async () => {
    f = await startTestCentre({
      // Away: the case waits for the supervisor to name its mediator.
      mediators: [{ mediatorId: "M-JD01-01", centreCode: "JD01", categories: FAMILY, status: "AWAY" }],
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

  const auditOf = async (disputeId: string) =>
    (await f.clients.listAuditEntries("intake", { recordId: disputeId })).entries.map((e) => [e.role, e.action, e.detail]);

  it("masks numbers for the supervisor until a reason is given, shows the mediator their case's parties, and audits both", async () => {
    const { dispute } = await f.clients.submitDispute(
      aDispute({
        centreCode: "JD01",
        summary: "赡养费纠纷",
        parties: [
          { role: PartyRole.PARTY_ROLE_CLAIMANT, kind: PartyKind.PARTY_KIND_PERSON, name: "周春梅", idNumber: ID, phone: PHONE },
          { role: PartyRole.PARTY_ROLE_RESPONDENT, kind: PartyKind.PARTY_KIND_PERSON, name: "周大海", idNumber: "", phone: "" },
        ],
      }),
    );
    const id = dispute?.disputeId ?? "";
    const caseNumber = dispute?.caseNumber ?? "";

    // The supervisor: masked.
    const supervisor = await openConsole(browser, web.url, "supervisor", "JD01");
    await supervisor.getByRole("tab", { name: "纠纷", exact: true }).click();
    await supervisor.getByRole("button", { name: caseNumber }).click();
    const idCell = supervisor.getByTestId("party-id-number").first();
    await idCell.waitFor({ timeout: 15_000 });
    expect(await idCell.textContent()).toBe("3301**********1234");
    expect(await supervisor.getByTestId("party-phone").first().textContent()).toBe("138****5678");
    await checked(supervisor, "40-supervisor-dispute-masked");

    // Asking to see in full: a reason is required, then the numbers show and the read is recorded with it.
    await supervisor.getByRole("button", { name: "查看完整信息" }).click();
    const dialog = supervisor.getByRole("dialog").filter({ hasText: "查看将记入审计日志" });
    const show = dialog.getByRole("button", { name: /^查\s?看$/ });
    await show.click();
    await dialog.getByText("请说明为何需要查看完整信息。").waitFor({ timeout: 15_000 });
    await checked(supervisor, "41-supervisor-full-reason-required");
    await dialog.getByLabel("查看理由").fill("回访当事人核实联系方式");
    await show.click();
    await expect.poll(() => idCell.textContent(), { timeout: 15_000 }).toBe(ID);
    expect(await supervisor.getByTestId("party-phone").first().textContent()).toBe(PHONE);
    await supervisor.getByRole("status").filter({ hasText: "已显示完整信息" }).waitFor({ timeout: 15_000 });
    await checked(supervisor, "42-supervisor-dispute-full");
    expect(await auditOf(id)).toContainEqual(["supervisor", "dispute.read", "full, reason: 回访当事人核实联系方式"]);
    expect(await auditOf(id)).toContainEqual(["supervisor", "dispute.read", "masked"]);

    // The supervisor names the mediator; once intake knows, that mediator sees the parties in full.
    const waiting = await waitFor(async () => (await f.clients.listWaiting("JD01")).items.find((i) => i.disputeId === id), {
      what: `the case of ${id} waiting for a mediator`,
      timeoutMs: 30_000,
    });
    await f.clients.assignCase(waiting.caseId, "M-JD01-01");
    await waitFor(
      async () =>
        (await f.clients.getDispute(id)).timeline.some((e) => e.kind === intake.TimelineKind.TIMELINE_KIND_ASSIGNED) ? true : undefined,
      { what: "intake's timeline to show the assignment", timeoutMs: 30_000 },
    );
    const mediator = await openConsole(browser, web.url, "mediator", "M-JD01-01");
    await mediator.getByRole("tab", { name: "我的案件" }).click();
    const row = mediator.locator("tr", { hasText: "婚姻家庭 · JD01" });
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole("button", { name: "当事人信息" }).click();
    const parties = mediator.getByRole("dialog").filter({ hasText: "本案当事人信息" });
    await parties.getByText("周春梅").waitFor({ timeout: 15_000 });
    expect(await parties.getByTestId("party-id-number").first().textContent()).toBe(ID);
    expect(await parties.getByTestId("party-phone").first().textContent()).toBe(PHONE);
    await checked(mediator, "43-mediator-case-parties");
    expect(await auditOf(id)).toContainEqual(["mediator", "case.parties.read", `case ${waiting.caseId}`]);
  }, 180_000);
});
