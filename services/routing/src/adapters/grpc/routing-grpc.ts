import { categoryCodec, channelCodec, InvalidArgument, routing } from "@mediation/contracts";
import { type GrpcServiceBinding, unary } from "@mediation/grpc-kit";
import type { Logger } from "@mediation/telemetry";
import { decideRoute, type RoutingPolicy } from "../../domain/route.js";

export function routingGrpc(policy: () => RoutingPolicy, logger: Logger): GrpcServiceBinding {
  return {
    name: "mediation.routing.v1.RoutingService",
    definition: routing.RoutingServiceService,
    implementation: {
      explainRoute: unary<routing.ExplainRouteRequest, routing.ExplainRouteResponse>(logger, async (req) => {
        const category = categoryCodec.toCode(req.category);
        const problems = [];
        if (!category) problems.push({ field: "category", problem: "is required" });
        if (req.claimAmountFen < 0n || req.claimAmountFen > BigInt(Number.MAX_SAFE_INTEGER)) {
          problems.push({ field: "claim_amount_fen", problem: "must be between 0 and 2^53-1 fen" });
        }
        if (problems.length || !category) throw new InvalidArgument(problems);
        const decision = decideRoute(
          { category, claimAmountFen: Number(req.claimAmountFen), centreCode: req.centreCode, claimantCount: req.claimantCount },
          policy(),
        );
        return {
          channel: channelCodec.fromCode(decision.channel),
          rule: decision.rule,
          reason: decision.reason,
          conditions: decision.conditions,
          mediationFirst: decision.mediationFirst,
          policyVersion: decision.policyVersion,
        };
      }),
    },
  };
}
