import { categoryCodec, channelCodec, riskLevelCodec, routing, Violations } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, ROLES, unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import type { PolicyHolder } from "../../application/policy-holder.js";
import { simulatePolicy } from "../../application/simulate-policy.js";
import type { Policy } from "../../domain/policy.js";
import { decideRoute } from "../../domain/route.js";
import { PolicyError, parsePolicy } from "../policy/policy-file.js";

export function routingGrpc(policies: PolicyHolder, store: DocumentStore, logger: Logger, auth: Authenticator): GrpcServiceBinding {
  return {
    name: "mediation.routing.v1.RoutingService",
    definition: routing.RoutingServiceService,
    implementation: {
      explainRoute: unary<routing.ExplainRouteRequest, routing.ExplainRouteResponse>(logger, async (req, call) => {
        await auth.require(call, ROLES);
        const category = categoryCodec.toCode(req.category);
        const preferred = req.preferredChannel === 0 ? "" : channelCodec.toCode(req.preferredChannel);
        const v = new Violations()
          .check(category !== undefined, "category", "is required")
          .check(
            req.claimAmountFen >= 0n && req.claimAmountFen <= BigInt(Number.MAX_SAFE_INTEGER),
            "claim_amount_fen",
            "must be between 0 and 2^53-1 fen",
          )
          .check(preferred !== undefined, "preferred_channel", "is not a known channel")
          .check(req.claimantCount >= 0 && req.disputesAgainstRespondent >= 0, "claimant_count", "counts must not be negative");
        if (v.any || !category || preferred === undefined) throw v.error;
        const decision = decideRoute(
          {
            category,
            claimAmountFen: Number(req.claimAmountFen),
            centreCode: req.centreCode,
            claimantCount: req.claimantCount || 1,
            preferredChannel: preferred,
            mustReport: req.mustReport,
            disputesAgainstRespondent: req.disputesAgainstRespondent,
          },
          policies.policy,
        );
        return {
          channel: channelCodec.fromCode(decision.channel),
          rule: decision.rule,
          reason: decision.reason,
          reasonEn: decision.reasonEn,
          conditions: decision.conditions,
          mediationFirst: decision.mediationFirst,
          policyVersion: decision.policyVersion,
          riskLevel: decision.riskLevel ? riskLevelCodec.fromCode(decision.riskLevel) : 0,
        };
      }),
      getPolicy: unary<routing.GetPolicyRequest, routing.GetPolicyResponse>(logger, async (_req, call) => {
        await auth.require(call, ROLES);
        const loaded = policies.loaded;
        return { version: loaded.policy.version, source: loaded.source, loadedFrom: loaded.loadedFrom, loadedAt: loaded.loadedAt };
      }),
      simulatePolicy: unary<routing.SimulatePolicyRequest, routing.SimulatePolicyResponse>(logger, async (req, call) => {
        await auth.require(call, ["supervisor", "analyst", "admin"]);
        let candidate: Policy;
        try {
          candidate = parsePolicy(req.candidatePolicy, "candidate_policy");
        } catch (error) {
          if (error instanceof PolicyError)
            throw error.problems.reduce((v, problem) => v.add("candidate_policy", problem), new Violations()).error;
          throw error;
        }
        const result = await simulatePolicy(store, req.month, policies.policy, candidate);
        return { ...result, loads: result.loads.map((l) => ({ ...l, channel: channelCodec.fromCode(l.channel) })) };
      }),
    },
  };
}
