// Fixtures the routing tests share: the policy the service ships with, and a dispute's routing facts
// with defaults, so that each test names only what it is about.
import { readFileSync } from "node:fs";
import { parsePolicy } from "../src/adapters/policy/policy-file.js";
import { DEFAULT_POLICY } from "../src/config.js";
import type { DisputeFacts } from "../src/domain/route.js";

export const shipped = parsePolicy(readFileSync(DEFAULT_POLICY, "utf8"), DEFAULT_POLICY);

export const facts = (over: Partial<DisputeFacts> = {}): DisputeFacts => ({
  category: "FAMILY",
  claimAmountFen: 0,
  centreCode: "JD01",
  claimantCount: 1,
  preferredChannel: "",
  mustReport: false,
  disputesAgainstRespondent: 1,
  ...over,
});
