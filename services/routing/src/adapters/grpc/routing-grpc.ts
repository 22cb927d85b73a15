import { categoryCodec, channelCodec, InvalidArgument, riskLevelCodec, routing } from "@mediation/contracts";
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
        const problems = [];
        if (!category) problems.push({ field: "category", problem: "is required" });
        if (req.claimAmountFen < 0n || req.claimAmountFen > BigInt(Number.MAX_SAFE_INTEGER)) {
          problems.push({ field: "claim_amount_fen", problem: "must be between 0 and 2^53-1 fen" });
        }
        if (preferred === undefined) problems.push({ field: "preferred_channel", problem: "is not a known channel" });
        if (req.claimantCount < 0 || req.disputesAgainstRespondent < 0)
          problems.push({ field: "claimant_count", problem: "counts must not be negative" });
        if (problems.length || !category || preferred === undefined) throw new InvalidArgument(problems);
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
            throw new InvalidArgument(error.problems.map((problem) => ({ field: "candidate_policy", problem })));
          throw error;
        }
        const result = await simulatePolicy(store, req.month, policies.policy, candidate);
        return { ...result, loads: result.loads.map((l) => ({ ...l, channel: channelCodec.fromCode(l.channel) })) };
      }),
    },
  };
}
