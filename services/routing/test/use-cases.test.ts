// The use cases against the real embedded store in a temp dir: the decision stored, and the events
// put in the outbox. No NATS: the outbox rows are the use cases' whole output to the bus.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTBOX } from "@mediation/bus/outbox";
import { type Event, eventFromStored, events, newEvent } from "@mediation/contracts";
import { type DocumentStore, SqliteStore } from "@mediation/store";
import { type TempDir, tempDir } from "@mediation/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePolicy } from "../src/adapters/policy/policy-file.js";
import { DECISIONS, ROUTING_COLLECTIONS } from "../src/application/collections.js";
import type { RouteDeps } from "../src/application/records.js";
import { routeOnward } from "../src/application/route-onward.js";
import { routeSubmittedDispute, type SubmittedDispute } from "../src/application/route-submitted-dispute.js";
import { DEFAULT_POLICY } from "../src/config.js";

const policy = parsePolicy(readFileSync(DEFAULT_POLICY, "utf8"), DEFAULT_POLICY);
const NOW = new Date("2026-11-02T02:00:00Z");

const family: SubmittedDispute = {
  disputeId: "d-1",
  centreCode: "JD01",
  category: "FAMILY",
  claimAmountFen: 0,
  claimantCount: 1,
  respondentKeys: ["r-1"],
  preferredChannel: "",
  mustReport: false,
  preferredMediatorId: "",
  submittedAt: new Date("2026-11-02T01:00:00Z"),
};

const anEvent = (disputeId: string): Event =>
  newEvent(
    { $case: "disputeSubmitted", value: events.DisputeSubmitted.fromPartial({ disputeId }) },
    { correlationId: disputeId, causationId: "test" },
  );

describe("routing use cases on the embedded store", () => {
  let dir: TempDir;
  let store: DocumentStore;
  let stored: number;
  let deps: RouteDeps;

  beforeEach(() => {
    dir = tempDir("routing-use-cases-");
    store = SqliteStore.open(join(dir.path, "routing.sqlite"), ROUTING_COLLECTIONS);
    stored = 0;
    deps = { store, policy: () => policy, eventsStored: () => void stored++, now: () => NOW };
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const outbox = async () => (await store.collection(OUTBOX).find({ sort: { field: "id" } })).map((row) => eventFromStored(row.event));

  it("routes a family dispute to people's mediation with its reason and a dispute.routed event", async () => {
    const submitted = anEvent("d-1");
    const decision = await routeSubmittedDispute(deps, submitted, family);
    expect(decision).toMatchObject({ channel: "PEOPLES_MEDIATION", rule: "mediation-first.family", sequence: 1, mediationFirst: true });
    expect(decision).toMatchObject({ reason: "婚姻家庭纠纷先行人民调解", reasonEn: "family disputes go to people's mediation first" });
    expect((await store.collection(DECISIONS).get("d-1:1"))?.channel).toBe("PEOPLES_MEDIATION");
    const out = await outbox();
    expect(out).toHaveLength(1);
    const [routed] = out;
    if (routed?.payload?.$case !== "disputeRouted") throw new Error(`expected dispute.routed, got ${routed?.type}`);
    // The event's reason is the Chinese one; reason_en carries the English.
    expect(routed.payload.value).toMatchObject({
      disputeId: "d-1",
      reason: "婚姻家庭纠纷先行人民调解",
      reasonEn: "family disputes go to people's mediation first",
      rule: "mediation-first.family",
    });
    expect(routed.causationId).toBe(submitted.id);
    expect(stored).toBe(1);
  });

  it("applies the same event once however often it arrives", async () => {
    const event = anEvent("d-1");
    await routeSubmittedDispute(deps, event, family);
    expect(await routeSubmittedDispute(deps, event, family)).toBeUndefined();
    expect(await store.collection(DECISIONS).count()).toBe(1);
    expect(await outbox()).toHaveLength(1);
    expect(stored).toBe(1);
  });

  it("routes a case refused in people's mediation onward, as the dispute's second decision", async () => {
    await routeSubmittedDispute(deps, anEvent("d-1"), family);
    const closed = newEvent(
      { $case: "caseClosed", value: events.CaseClosed.fromPartial({ disputeId: "d-1" }) },
      { correlationId: "d-1", causationId: "test" },
    );
    const onward = await routeOnward(deps, closed, {
      caseId: "c-1",
      disputeId: "d-1",
      centreCode: "JD01",
      closedAt: NOW,
      channel: "PEOPLES_MEDIATION",
      outcome: "REFUSED",
    });
    expect(onward?.sequence).toBe(2);
    expect(onward?.channel).not.toBe("PEOPLES_MEDIATION");
    expect((await outbox()).map((e) => e.type)).toEqual(["dispute.routed", "dispute.routed"]);
  });
});
