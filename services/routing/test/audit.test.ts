// Routing's audit trail on the real embedded store: each decision, first and onward, is recorded once
// in the decision's own transaction (a redelivered event adds nothing); a policy reload, accepted or
// refused, is recorded as the service's own act; the chain verifies.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AUDIT_ENTRIES, actingAs, verifyAuditTrail } from "@mediation/audit";
import { common, events, newEvent } from "@mediation/contracts";
import { SqliteStore } from "@mediation/store";
import { tempDir } from "@mediation/testkit";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../src/adapters/policy/policy-file.js";
import { acknowledgeEscalation } from "../src/application/acknowledge.js";
import { recordPolicyReload } from "../src/application/audit.js";
import { ROUTING_COLLECTIONS } from "../src/application/collections.js";
import { decideChannel } from "../src/application/decide-channel.js";
import { routeOnward } from "../src/application/route-onward.js";
import { routeSubmittedDispute } from "../src/application/route-submitted-dispute.js";
import { DEFAULT_POLICY } from "../src/config.js";

const policy = parsePolicy(readFileSync(DEFAULT_POLICY, "utf8"), DEFAULT_POLICY);

describe("routing's audit trail", () => {
  it("records each decision and policy reload once, as the service", async () => {
    const dir = tempDir("routing-audit-");
    const store = SqliteStore.open(join(dir.path, "routing.sqlite"), ROUTING_COLLECTIONS);
    const deps = { store, policy: () => policy, eventsStored: () => undefined };
    const submitted = newEvent(
      { $case: "disputeSubmitted", value: events.DisputeSubmitted.fromPartial({ disputeId: "d-1" }) },
      { correlationId: "d-1", causationId: "test" },
    );
    const dispute = {
      disputeId: "d-1",
      centreCode: "JD01",
      category: "FAMILY" as const,
      claimAmountFen: 0,
      claimantCount: 1,
      respondentKeys: [],
      preferredChannel: "" as const,
      mustReport: false,
      preferredMediatorId: "",
      submittedAt: new Date(),
    };
    await routeSubmittedDispute(deps, submitted, dispute);
    await routeSubmittedDispute(deps, submitted, dispute);
    const closed = newEvent(
      { $case: "caseClosed", value: events.CaseClosed.fromPartial({ disputeId: "d-1", outcome: common.Outcome.OUTCOME_REFUSED }) },
      { correlationId: "d-1", causationId: "test" },
    );
    await routeOnward(deps, closed, {
      caseId: "c-1",
      disputeId: "d-1",
      centreCode: "JD01",
      closedAt: new Date(),
      channel: "PEOPLES_MEDIATION",
      outcome: "REFUSED",
    });
    await recordPolicyReload(store, { ok: false, error: "rules[0].channel: not a channel" });

    const entries = await store.collection(AUDIT_ENTRIES).find({ sort: { field: "id" } });
    expect(entries.map((e) => [e.subject, e.action, e.recordId, e.centreCode])).toEqual([
      ["service:routing", "dispute.route", "d-1", "JD01"],
      ["service:routing", "dispute.route_onward", "d-1", "JD01"],
      ["service:routing", "policy.reload_refused", "", ""],
    ]);
    expect(entries[0]?.detail).toMatch(new RegExp(`^PEOPLES_MEDIATION by rule .+ of policy ${policy.version}$`));
    expect(await verifyAuditTrail(store)).toMatchObject({ intact: true, checked: 3 });
    await store.close();
    dir.remove();
  });

  it("records a supervisor's channel decision and an acknowledgement as that supervisor, in their transactions", async () => {
    const dir = tempDir("routing-audit-");
    const store = SqliteStore.open(join(dir.path, "routing.sqlite"), ROUTING_COLLECTIONS);
    const deps = { store, policy: () => policy, eventsStored: () => undefined };
    const supervisor = {
      subject: "sup-jd01",
      role: "supervisor",
      centreCode: "JD01",
      mediatorId: "",
      peer: "ipv4:10.0.0.7:5123",
      traceId: "",
    };
    const route = (disputeId: string, category: "OTHER" | "DEMOLITION_RESETTLEMENT") =>
      routeSubmittedDispute(
        deps,
        newEvent(
          { $case: "disputeSubmitted", value: events.DisputeSubmitted.fromPartial({ disputeId }) },
          { correlationId: disputeId, causationId: "t" },
        ),
        {
          disputeId,
          centreCode: "JD01",
          category,
          claimAmountFen: 0,
          claimantCount: 1,
          respondentKeys: [],
          preferredChannel: "",
          mustReport: false,
          preferredMediatorId: "",
          submittedAt: new Date(),
        },
      );
    await route("d-t", "OTHER");
    await route("d-e", "DEMOLITION_RESETTLEMENT");
    const caller = { subject: "sup-jd01", centreCode: "JD01" };
    await actingAs(supervisor, () =>
      decideChannel(deps, caller, { disputeId: "d-t", channel: "PEOPLES_MEDIATION", reason: "a family matter in fact" }),
    );
    await actingAs(supervisor, () => acknowledgeEscalation(deps, caller, "d-e", "I call the street office today"));

    const entries = await store.collection(AUDIT_ENTRIES).find({ sort: { field: "id" } });
    expect(entries.map((e) => [e.subject, e.action, e.recordId])).toEqual([
      ["service:routing", "dispute.route", "d-t"],
      ["service:routing", "dispute.route", "d-e"],
      ["sup-jd01", "dispute.route_manual", "d-t"],
      ["sup-jd01", "dispute.escalation_acknowledge", "d-e"],
    ]);
    expect(entries[2]).toMatchObject({ role: "supervisor", centreCode: "JD01", peer: "ipv4:10.0.0.7:5123" });
    expect(entries[2]?.detail).toMatch(/^PEOPLES_MEDIATION by rule manual/);
    expect(await verifyAuditTrail(store)).toMatchObject({ intact: true, checked: 4 });
    await store.close();
    dir.remove();
  });
});
