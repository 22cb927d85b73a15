// Routing over the running services: mass involvement across centres, onward routing after a
// refusal, and a policy file that changes under a running service.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { common, events, intake } from "@mediation/contracts";
import { type TempDir, tempDir, waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreFixture, startTestCentre } from "../support/centre-fixture.js";
import { aDispute } from "../support/disputes.js";

const { Category, Channel, Outcome, RiskLevel } = common;
const ROSTER = { mediators: [{ mediatorId: "M1", centreCode: "JD01", categories: ["FAMILY"] }] };
const SHIPPED_POLICY = readFileSync(join(REPO_ROOT, "services", "routing", "policy.yaml"), "utf8");

describe("routing, end to end", () => {
  let f: CentreFixture;
  let policyDir: TempDir;
  let policyFile: string;

  beforeAll(async () => {
    policyDir = tempDir("routing-policy-");
    policyFile = join(policyDir.path, "policy.yaml");
    writeFileSync(policyFile, SHIPPED_POLICY);
    f = await startTestCentre(ROSTER, { ROUTING_POLICY_FILE: policyFile });
  }, 90_000);

  afterAll(async () => {
    await f?.stop();
    policyDir?.remove();
  });

  it("raises one alert when five disputes from two centres name the same respondent, and escalates", async () => {
    const school = (centreCode: string) =>
      aDispute({
        centreCode,
        category: Category.CATEGORY_EDUCATION_TRAINING,
        claimAmountFen: 880_000n,
        summary: "Training school closed with prepaid fees outstanding",
        parties: [
          {
            role: intake.PartyRole.PARTY_ROLE_CLAIMANT,
            kind: intake.PartyKind.PARTY_KIND_PERSON,
            name: `家长${centreCode}`,
            idNumber: "",
            phone: "",
          },
          // Written differently at each centre: the keyed hash is of the normalised name.
          {
            role: intake.PartyRole.PARTY_ROLE_RESPONDENT,
            kind: intake.PartyKind.PARTY_KIND_ORGANISATION,
            name: centreCode === "JD01" ? "阳光 培训学校" : "阳光培训学校",
            idNumber: "",
            phone: "",
          },
        ],
      });
    const ids: string[] = [];
    for (const centre of ["JD01", "JD02", "JD01", "JD02", "JD01", "JD02"])
      ids.push((await f.clients.submitDispute(school(centre))).dispute?.disputeId ?? "");

    const routed = await waitFor(async () => {
      const all = (await f.events("disputeRouted")).filter((e) => ids.includes(e.correlationId));
      return all.length === ids.length ? all : undefined;
    });
    const channelOf = (id: string) => {
      const p = routed.find((e) => e.correlationId === id)?.payload;
      return p?.$case === "disputeRouted" ? p.value : undefined;
    };
    expect(ids.slice(0, 4).map((id) => channelOf(id)?.channel)).toEqual(Array(4).fill(Channel.CHANNEL_PEOPLES_MEDIATION));
    expect(ids.slice(4).map((id) => channelOf(id)?.channel)).toEqual([
      Channel.CHANNEL_DISTRICT_ESCALATION,
      Channel.CHANNEL_DISTRICT_ESCALATION,
    ]);
    expect(channelOf(ids[4] as string)).toMatchObject({ rule: "risk.same-respondent", riskLevel: RiskLevel.RISK_LEVEL_YELLOW });

    const alerts = (await f.events("riskAlertRaised")).map((e) => (e.payload?.$case === "riskAlertRaised" ? e.payload.value : undefined));
    expect(alerts).toHaveLength(1);
    const alert = alerts[0] as events.RiskAlertRaised;
    expect(alert).toMatchObject({
      disputeId: ids[4],
      count: 5,
      kind: events.RiskKind.RISK_KIND_SAME_RESPONDENT,
      owner: "区中心值班人员",
      centreCodes: ["JD01", "JD02"],
    });
    expect([...alert.relatedDisputeIds].sort()).toEqual(ids.slice(0, 5).sort());
    expect(channelOf(ids[5] as string)?.alertId).toBe(alert.alertId);
    // No name leaves intake: the alert and the events carry hashes and ids only.
    const raw = JSON.stringify(await f.events("disputeSubmitted"), (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(raw).not.toContain("阳光");
  });

  it("routes a refused FAMILY case onward to litigation guidance", async () => {
    const offers: Array<{ offerId: string; caseId: string; disputeId: string }> = [];
    const stop = f.clients.watchAssignments("M1", (o) => offers.push(o));
    const { dispute } = await f.clients.submitDispute(aDispute({ centreCode: "JD01", category: Category.CATEGORY_FAMILY }));
    const offer = await waitFor(() => offers.find((o) => o.disputeId === dispute?.disputeId));
    stop();
    await f.clients.acceptOffer("M1", offer.offerId);
    await f.clients.closeCase({ mediatorId: "M1", caseId: offer.caseId, outcome: Outcome.OUTCOME_REFUSED, refusedBy: "respondent" });
    const onward = await waitFor(async () => {
      const found = (await f.events("disputeRouted")).filter((e) => e.correlationId === dispute?.disputeId);
      return found.length === 2 ? found : undefined;
    });
    const second = onward.map((e) => (e.payload?.$case === "disputeRouted" ? e.payload.value : undefined)).find((v) => v?.sequence === 2);
    expect(second).toMatchObject({ channel: Channel.CHANNEL_LITIGATION_GUIDANCE, rule: "onward.after-refusal", mediationFirst: false });
    // The event's reason is in Chinese; reason_en keeps the English.
    expect(second?.reason).toBe("一方当事人拒绝调解（《人民调解法》第十七条、第二十三条）；转诉讼引导");
    expect(second?.reasonEn).toMatch(/^a party refused mediation/);
  });

  it("replays this month's disputes through a candidate policy beside the active one", async () => {
    const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" })
      .format(new Date())
      .slice(0, 7);
    const candidate = SHIPPED_POLICY.replace('version: "2026-11.2"', 'version: "what-if"')
      .replace("amountAtMostFen: 10000000 }\n    channel: PEOPLES_MEDIATION", "amountAtMostFen: 500000 }\n    channel: PEOPLES_MEDIATION")
      .replace("amountOverFen: 10000000 }\n    channel: LAWYER_MEDIATION", "amountOverFen: 500000 }\n    channel: LAWYER_MEDIATION");
    expect(candidate).toContain("amountAtMostFen: 500000");
    const result = await f.clients.simulatePolicy(month, candidate);
    expect(result).toMatchObject({ month, activeVersion: "2026-11.2", candidateVersion: "what-if", disputes: 7, changed: 4 });
    const load = (channel: number) => result.loads.find((l) => l.channel === channel);
    expect(load(Channel.CHANNEL_PEOPLES_MEDIATION)).toMatchObject({ active: 5, candidate: 1 });
    expect(load(Channel.CHANNEL_LAWYER_MEDIATION)).toMatchObject({ active: 0, candidate: 4 });
    expect(load(Channel.CHANNEL_DISTRICT_ESCALATION)).toMatchObject({ active: 2, candidate: 2 });
    const refused = await f.clients.simulatePolicy(month, "version: broken\nrules: []\n").catch((e: Error) => e);
    expect(String(refused)).toMatch(/INVALID_ARGUMENT|candidate_policy/);
    // A candidate whose rule says why only in English is refused, the rule named.
    const english = SHIPPED_POLICY.replace(
      "    reason: 婚姻家庭纠纷先行人民调解\n",
      "    reason: family disputes go to people's mediation first\n",
    );
    const noChinese = await f.clients.simulatePolicy(month, english).catch((e: Error) => e);
    expect(String(noChinese)).toMatch(/rules\[0\]\.reason\): rule "mediation-first\.family" needs its reason in Chinese/);
  });

  it("takes a changed policy file without a restart, and keeps the old one when the new one is broken", async () => {
    expect((await f.clients.getPolicy()).version).toBe("2026-11.2");

    writeFileSync(
      policyFile,
      SHIPPED_POLICY.replace('version: "2026-11.2"', 'version: "2026-11.3"').replace(
        "atLeast: 10, level: ORANGE",
        "atLeast: 3, level: ORANGE",
      ),
    );
    await waitFor(async () => ((await f.clients.getPolicy()).version === "2026-11.3" ? true : undefined), {
      what: "the new policy version",
    });
    const explained = await f.clients.explainRoute({ category: Category.CATEGORY_EDUCATION_TRAINING, claimantCount: 3 });
    expect(explained).toMatchObject({
      channel: Channel.CHANNEL_DISTRICT_ESCALATION,
      rule: "risk.mass-claimants",
      policyVersion: "2026-11.3",
      reason: "橙色风险（群体性纠纷）：上报区中心，负责人：区中心副主任",
      reasonEn: "ORANGE risk (MASS_CLAIMANTS): escalated to the district, owner district centre deputy director",
    });

    writeFileSync(
      policyFile,
      SHIPPED_POLICY.replace('version: "2026-11.2"', 'version: "2026-11.4"').replace(
        "channel: CONSUMER_ASSOCIATION",
        "channel: CONSUMER_BUREAU",
      ),
    );
    // Wait until routing has read the broken file and said why it refused it, naming the field.
    const refusal = await waitFor(
      () => f.logs().find((line) => line.startsWith("routing:") && line.includes("new routing policy refused")),
      {
        what: "routing to refuse the broken policy",
      },
    );
    expect(refusal).toContain("rules[4].channel");
    expect((await f.clients.getPolicy()).version).toBe("2026-11.3");
  });
});
