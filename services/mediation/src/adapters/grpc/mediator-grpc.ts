// The gRPC edge for mediators and supervisors: proto in, domain calls, proto out.

import type { Metadata } from "@grpc/grpc-js";
import { categoryCodec, channelCodec, mediation, outcomeCodec, PermissionDenied } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, type Principal, serverStream, unary } from "@mediation/grpc-kit";
import { type Logger, stepInTrace } from "@mediation/telemetry";
import { acceptOffer } from "../../application/accept-offer.js";
import { listCases, pendingOffers } from "../../application/case-queries.js";
import type { MediationDeps } from "../../application/change-case.js";
import { closeCase } from "../../application/close-case.js";
import { declineOffer } from "../../application/decline-offer.js";
import { extendDeadline } from "../../application/extend-deadline.js";
import { recordSession } from "../../application/record-session.js";
import { findMediator } from "../../application/roster.js";
import type { Case } from "../../domain/case.js";
import type { MediatorStatus } from "../../domain/roster.js";
import { checkCentre } from "./roster-grpc.js";

const { CaseState, MediatorServiceService, MediatorStatus: ProtoStatus } = mediation;

const STATES: Record<Case["state"], mediation.CaseState> = {
  AWAITING_MEDIATOR: CaseState.CASE_STATE_AWAITING_MEDIATOR,
  OFFERED: CaseState.CASE_STATE_OFFERED,
  ACCEPTED: CaseState.CASE_STATE_ACCEPTED,
  IN_MEDIATION: CaseState.CASE_STATE_IN_MEDIATION,
  CLOSED: CaseState.CASE_STATE_CLOSED,
};
export const STATUS_TO_PROTO: Record<MediatorStatus, mediation.MediatorStatus> = {
  AVAILABLE: ProtoStatus.MEDIATOR_STATUS_AVAILABLE,
  AWAY: ProtoStatus.MEDIATOR_STATUS_AWAY,
  OFF: ProtoStatus.MEDIATOR_STATUS_OFF,
};
export const STATUS_FROM_PROTO = Object.fromEntries(Object.entries(STATUS_TO_PROTO).map(([k, v]) => [v, k])) as Record<
  number,
  MediatorStatus
>;

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
    deadlineAt: date(c.deadlineAt),
    deadlineExtended: c.deadlineExtended ?? false,
    overdue: c.overdue ?? false,
    sessions: c.sessions?.length ?? 0,
    confirmationWindowEndsAt: date(c.confirmationWindowEndsAt),
    escalatedTo: c.escalatedTo ?? "",
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
    expiresAt: date(offer?.expiresAt),
  };
}

/** A mediator acts only as itself (docs/architecture.md#security); an admin may act for any. */
async function asMediator(
  auth: Authenticator,
  call: { metadata: Metadata },
  mediatorId: string,
  alsoSee: Principal["role"][] = [],
): Promise<Principal> {
  const who = await auth.require(call, ["mediator", "admin", ...alsoSee]);
  if (who.role === "mediator" && who.mediatorId !== mediatorId)
    throw new PermissionDenied(`this token is mediator ${who.mediatorId}'s, not ${mediatorId || "(none)"}'s`);
  return who;
}

export function mediatorGrpc(deps: MediationDeps, logger: Logger, auth: Authenticator): GrpcServiceBinding {
  return {
    name: "mediation.mediation.v1.MediatorService",
    definition: MediatorServiceService,
    implementation: {
      watchAssignments: serverStream<mediation.WatchAssignmentsRequest, mediation.WatchAssignmentsResponse>(logger, async (req, call) => {
        await asMediator(auth, call, req.mediatorId);
        const sent = new Set<string>();
        const send = (c: Case) => {
          if (sent.has(c.offerId) || call.cancelled) return;
          sent.add(c.offerId);
          stepInTrace(c.trace, "deliver offer", () => call.write({ offer: toProtoOffer(c), withdrawnOfferId: "" }));
        };
        // Listen first, then read what is pending, so nothing made in between is missed.
        const stop = deps.feed.listen(req.mediatorId, send);
        const stopWithdrawals = deps.feed.listenWithdrawals(req.mediatorId, (offerId) => {
          if (sent.has(offerId) && !call.cancelled) call.write({ offer: undefined, withdrawnOfferId: offerId });
        });
        try {
          for (const c of await pendingOffers(deps.store, req.mediatorId)) send(c);
          await new Promise<void>((resolve) => {
            call.on("cancelled", resolve);
            call.on("close", resolve);
          });
        } finally {
          stop();
          stopWithdrawals();
        }
      }),
      acceptOffer: unary<mediation.AcceptOfferRequest, mediation.AcceptOfferResponse>(logger, async (req, call) => {
        await asMediator(auth, call, req.mediatorId);
        return { case: toProtoCase(await acceptOffer(deps, req.mediatorId, req.offerId)) };
      }),
      declineOffer: unary<mediation.DeclineOfferRequest, mediation.DeclineOfferResponse>(logger, async (req, call) => {
        await asMediator(auth, call, req.mediatorId);
        await declineOffer(deps, req.mediatorId, req.offerId, req.reason);
        return {};
      }),
      recordSession: unary<mediation.RecordSessionRequest, mediation.RecordSessionResponse>(logger, async (req, call) => {
        await asMediator(auth, call, req.mediatorId);
        return { case: toProtoCase(await recordSession(deps, req.mediatorId, req.caseId, req.heldAt, req.note)) };
      }),
      extendDeadline: unary<mediation.ExtendDeadlineRequest, mediation.ExtendDeadlineResponse>(logger, async (req, call) => {
        await asMediator(auth, call, req.mediatorId);
        return { case: toProtoCase(await extendDeadline(deps, req.mediatorId, req.caseId, req.bothPartiesConsent)) };
      }),
      closeCase: unary<mediation.CloseCaseRequest, mediation.CloseCaseResponse>(logger, async (req, call) => {
        await asMediator(auth, call, req.mediatorId);
        const closed = await closeCase(deps, req.mediatorId, req.caseId, {
          outcome: outcomeCodec.toCode(req.outcome),
          obligations: req.obligations.map((o) => ({
            obligor: o.obligor,
            terms: o.terms,
            manner: o.manner,
            // Seconds beyond what a date can hold arrive as an invalid Date: the domain refuses it by name.
            dueBy: o.dueBy === undefined ? "" : Number.isNaN(o.dueBy.getTime()) ? "out of range" : o.dueBy.toISOString(),
          })),
          refusedBy: req.refusedBy,
          partiesToldOfOtherRoutes: req.partiesToldOfOtherRoutes,
        });
        return { case: toProtoCase(closed) };
      }),
      listMyCases: unary<mediation.ListMyCasesRequest, mediation.ListMyCasesResponse>(logger, async (req, call) => {
        // A centre's supervisor sees the cases of that centre's mediators only, as on the roster.
        const who = await asMediator(auth, call, req.mediatorId, ["supervisor"]);
        if (who.role === "supervisor") checkCentre(who, (await findMediator(deps.store, req.mediatorId))?.centreCode ?? "(no centre)");
        return { cases: (await listCases(deps.store, req.mediatorId)).map(toProtoCase) };
      }),
    },
  };
}
