// RosterService: for supervisors. The roster, and a supervisor's hand on cases nobody took or whose
// mediator cannot go on.
import type { Metadata } from "@grpc/grpc-js";
import { categoryCodec, channelCodec, mediation, PermissionDenied, Violations } from "@mediation/contracts";
import type { Authenticator, GrpcServiceBinding, Principal } from "@mediation/grpc-kit";
import { unary } from "@mediation/grpc-kit";
import type { DocumentStore } from "@mediation/store";
import type { Logger } from "@mediation/telemetry";
import { listOpenCases, listWaiting, openCasesOf } from "../../application/case-queries.js";
import { clock, type MediationDeps } from "../../application/change-case.js";
import { reofferEscalated } from "../../application/reoffer-escalated.js";
import { findMediator, listRoster, putMediator, type StoredMediator, setMediatorStatus, setSupervisor } from "../../application/roster.js";
import { assignToMediator, reassignToMediator } from "../../application/supervise-case.js";
import type { Mediator } from "../../domain/roster.js";
import { STATUS_FROM_PROTO, STATUS_TO_PROTO, toProtoCase } from "./mediator-grpc.js";

const { RosterServiceService } = mediation;

async function toProtoMediator(store: DocumentStore, m: Mediator | StoredMediator): Promise<mediation.Mediator> {
  return {
    mediatorId: m.mediatorId,
    displayName: m.displayName,
    centreCode: m.centreCode,
    categories: m.categories.map((c) => categoryCodec.fromCode(c)),
    channels: m.channels.map((c) => channelCodec.fromCode(c)),
    languages: m.languages,
    maxOpenCases: m.maxOpenCases,
    status: STATUS_TO_PROTO[m.status],
    openCases: await openCasesOf(store, m.mediatorId),
  };
}

/** A supervisor bound to a centre manages that centre's mediators only; a district supervisor, all. */
export function checkCentre(who: Principal, centreCode: string): void {
  if (who.role === "supervisor" && who.centreCode && centreCode !== who.centreCode) {
    throw new PermissionDenied(`this token supervises centre ${who.centreCode}, not ${centreCode}`);
  }
}

/** A page token is the last case id of the page before, which only this service gives out. */
const encodePageToken = (caseId: string) => Buffer.from(caseId).toString("base64url");
function decodePageToken(token: string): string | undefined {
  if (!token) return undefined;
  const caseId = Buffer.from(token, "base64url").toString();
  new Violations()
    .check(/^[0-9a-f-]{36}$/.test(caseId), "page_token", "is not a token this service gave out; ask again without one")
    .throwIfAny();
  return caseId;
}

/** A centre's supervisor acts for their centre; an admin or a supervisor bound to no centre, for the district. */
const asSupervisor = (who: Principal) => ({ subject: who.subject, centreCode: who.role === "supervisor" ? who.centreCode : "" });

export function rosterGrpc(deps: MediationDeps, logger: Logger, auth: Authenticator): GrpcServiceBinding {
  const { store } = deps;
  const supervisor = (call: { metadata: Metadata }) => auth.require(call, ["supervisor", "admin"]);
  const centreOf = async (mediatorId: string) => (await findMediator(store, mediatorId))?.centreCode;
  return {
    name: "mediation.mediation.v1.RosterService",
    definition: RosterServiceService,
    implementation: {
      listMediators: unary<mediation.ListMediatorsRequest, mediation.ListMediatorsResponse>(logger, async (req, call) => {
        const who = await supervisor(call);
        const centre = who.role === "supervisor" && who.centreCode ? who.centreCode : req.centreCode;
        checkCentre(who, centre);
        const roster = await listRoster(store, centre);
        return { mediators: await Promise.all(roster.mediators.map((m) => toProtoMediator(store, m))), supervisors: roster.supervisors };
      }),
      putMediator: unary<mediation.PutMediatorRequest, mediation.PutMediatorResponse>(logger, async (req, call) => {
        const who = await supervisor(call);
        const m = req.mediator ?? mediation.Mediator.fromPartial({});
        checkCentre(who, m.centreCode);
        const current = await centreOf(m.mediatorId);
        if (current) checkCentre(who, current);
        const saved = await putMediator(
          store,
          {
            mediatorId: m.mediatorId,
            displayName: m.displayName,
            centreCode: m.centreCode,
            categories: m.categories.map((c) => categoryCodec.toCode(c) ?? ("?" as never)),
            // A mediator put without channels serves people's mediation, as before channels were on the roster.
            channels: m.channels.length ? m.channels.map((c) => channelCodec.toCode(c) ?? ("?" as never)) : ["PEOPLES_MEDIATION"],
            languages: m.languages,
            maxOpenCases: m.maxOpenCases,
            status: STATUS_FROM_PROTO[m.status] ?? ("?" as never),
          },
          deps.eventsStored,
        );
        await reofferEscalated(deps, saved.mediatorId);
        return { mediator: await toProtoMediator(store, saved) };
      }),
      setMediatorStatus: unary<mediation.SetMediatorStatusRequest, mediation.SetMediatorStatusResponse>(logger, async (req, call) => {
        const who = await supervisor(call);
        const current = await centreOf(req.mediatorId);
        if (current) checkCentre(who, current);
        const changed = await setMediatorStatus(store, req.mediatorId, STATUS_FROM_PROTO[req.status], deps.eventsStored);
        await reofferEscalated(deps, changed.mediatorId);
        return { mediator: await toProtoMediator(store, changed) };
      }),
      setSupervisor: unary<mediation.SetSupervisorRequest, mediation.SetSupervisorResponse>(logger, async (req, call) => {
        await auth.require(call, ["admin"]);
        await setSupervisor(store, req.centreCode, req.supervisorId);
        return {};
      }),
      listWaiting: unary<mediation.ListWaitingRequest, mediation.ListWaitingResponse>(logger, async (req, call) => {
        const who = await supervisor(call);
        const centre = who.role === "supervisor" && who.centreCode ? who.centreCode : req.centreCode;
        const waiting = await listWaiting(store, centre, clock(deps));
        return {
          items: waiting.map(({ case: c, ageSeconds }) => ({
            kind: "AWAITING_MEDIATOR",
            caseId: c.caseId,
            disputeId: c.disputeId,
            centreCode: c.centreCode,
            category: categoryCodec.fromCode(c.category),
            channel: channelCodec.fromCode(c.channel),
            since: new Date(c.routedAt),
            ageSeconds: BigInt(ageSeconds),
            supervisorId: c.escalatedTo ?? "",
          })),
        };
      }),
      listOpenCases: unary<mediation.ListOpenCasesRequest, mediation.ListOpenCasesResponse>(logger, async (req, call) => {
        const who = await supervisor(call);
        // A centre's supervisor asking for another centre is refused as on the rest of the roster.
        const centre = req.centreCode || (who.role === "supervisor" ? who.centreCode : "");
        checkCentre(who, centre);
        const page = await listOpenCases(store, centre, req.pageSize, decodePageToken(req.pageToken));
        return { cases: page.cases.map(toProtoCase), nextPageToken: page.nextAfter ? encodePageToken(page.nextAfter) : "" };
      }),
      assignCase: unary<mediation.AssignCaseRequest, mediation.AssignCaseResponse>(logger, async (req, call) => {
        // The case's centre decides (checked in the use case); the mediator may be of the district pool.
        return { case: toProtoCase(await assignToMediator(deps, asSupervisor(await supervisor(call)), req.caseId, req.mediatorId)) };
      }),
      reassignCase: unary<mediation.ReassignCaseRequest, mediation.ReassignCaseResponse>(logger, async (req, call) => {
        const moved = await reassignToMediator(deps, asSupervisor(await supervisor(call)), req.caseId, req.mediatorId, req.reason);
        return { case: toProtoCase(moved) };
      }),
    },
  };
}
