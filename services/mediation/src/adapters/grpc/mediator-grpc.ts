// The gRPC edge for mediators: proto in, domain calls, proto out.
import { categoryCodec, channelCodec, mediation, outcomeCodec } from "@mediation/contracts";
import { type GrpcServiceBinding, serverStream, unary } from "@mediation/grpc-kit";
import type { Logger } from "@mediation/telemetry";
import { acceptOffer, closeCase, listCases, type MediationDeps, pendingOffers } from "../../application/cases.js";
import type { Case } from "../../domain/case.js";

const { CaseState, MediatorServiceService } = mediation;

const STATES: Record<Case["state"], mediation.CaseState> = {
  AWAITING_MEDIATOR: CaseState.CASE_STATE_AWAITING_MEDIATOR,
  OFFERED: CaseState.CASE_STATE_OFFERED,
  ACCEPTED: CaseState.CASE_STATE_ACCEPTED,
  CLOSED: CaseState.CASE_STATE_CLOSED,
};

const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

export function toProtoCase(c: Case): mediation.Case {
  return {
    caseId: c.caseId,
    disputeId: c.disputeId,
    centreCode: c.centreCode,
    category: categoryCodec.fromCode(c.category),
    channel: channelCodec.fromCode(c.channel),
    state: STATES[c.state],
    mediatorId: c.holderId,
    outcome: c.outcome ? outcomeCodec.fromCode(c.outcome) : 0,
    acceptedAt: date(c.acceptedAt),
    closedAt: date(c.closedAt),
    obligations: (c.obligations ?? []).map((o) => ({ ...o, dueBy: date(o.dueBy) })),
  };
}

export function toProtoOffer(c: Case): mediation.Offer {
  const offer = c.offers.find((o) => o.offerId === c.offerId);
  return {
    offerId: c.offerId,
    caseId: c.caseId,
    disputeId: c.disputeId,
    centreCode: c.centreCode,
    category: categoryCodec.fromCode(c.category),
    channel: channelCodec.fromCode(c.channel),
    mediatorId: c.holderId,
    offeredAt: date(offer?.offeredAt),
  };
}

export function mediatorGrpc(deps: MediationDeps, logger: Logger): GrpcServiceBinding {
  return {
    name: "mediation.mediation.v1.MediatorService",
    definition: MediatorServiceService,
    implementation: {
      watchAssignments: serverStream<mediation.WatchAssignmentsRequest, mediation.WatchAssignmentsResponse>(logger, async (req, call) => {
        const sent = new Set<string>();
        const send = (c: Case) => {
          if (sent.has(c.offerId) || call.cancelled) return;
          sent.add(c.offerId);
          call.write({ offer: toProtoOffer(c) });
        };
        // Listen first, then read what is pending, so nothing made in between is missed.
        const stop = deps.feed.listen(req.mediatorId, send);
        try {
          for (const c of await pendingOffers(deps.store, req.mediatorId)) send(c);
          await new Promise<void>((resolve) => {
            call.on("cancelled", resolve);
            call.on("close", resolve);
          });
        } finally {
          stop();
        }
      }),
      acceptOffer: unary<mediation.AcceptOfferRequest, mediation.AcceptOfferResponse>(logger, async (req) => ({
        case: toProtoCase(await acceptOffer(deps, req.mediatorId, req.offerId)),
      })),
      closeCase: unary<mediation.CloseCaseRequest, mediation.CloseCaseResponse>(logger, async (req) => {
        const closed = await closeCase(deps, req.mediatorId, req.caseId, {
          outcome: outcomeCodec.toCode(req.outcome),
          obligations: req.obligations.map((o) => ({
            obligor: o.obligor,
            terms: o.terms,
            manner: o.manner,
            dueBy: o.dueBy?.toISOString() ?? "",
          })),
          refusedBy: req.refusedBy,
        });
        return { case: toProtoCase(closed) };
      }),
      listMyCases: unary<mediation.ListMyCasesRequest, mediation.ListMyCasesResponse>(logger, async (req) => ({
        cases: (await listCases(deps.store, req.mediatorId)).map(toProtoCase),
      })),
    },
  };
}
