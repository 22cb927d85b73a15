// SupervisorService: the work queue of centre supervisors and the district. A centre's supervisor
// sees and acts on their centre only (another centre's item is NOT_FOUND); an admin, or a supervisor
// bound to no centre, acts for the district.
import { categoryCodec, channelCodec, riskLevelCodec, routing, Violations } from "@mediation/contracts";
import { type Authenticator, type GrpcServiceBinding, type Principal, unary } from "@mediation/grpc-kit";
import type { Logger } from "@mediation/telemetry";
import { acknowledgeEscalation, acknowledgeRiskAlert } from "../../application/acknowledge.js";
import { decideChannel } from "../../application/decide-channel.js";
import { type Caller, listWorkQueue } from "../../application/list-work-queue.js";
import type { RouteDeps } from "../../application/records.js";
import type { StoredWorkItem } from "../../application/work-items.js";
import { WORK_KINDS, type WorkKind } from "../../domain/work-queue.js";

const KIND_TO_PROTO = (kind: WorkKind): routing.WorkItemKind => routing.WorkItemKind[`WORK_ITEM_KIND_${kind}`];
const KIND_FROM_PROTO = (kind: routing.WorkItemKind): WorkKind | undefined =>
  WORK_KINDS.find((k) => routing.WorkItemKind[`WORK_ITEM_KIND_${k}`] === kind);

const callerOf = (who: Principal): Caller => ({ subject: who.subject, centreCode: who.role === "supervisor" ? who.centreCode : "" });

function toProtoItem(i: StoredWorkItem, age: number): routing.WorkItem {
  return {
    kind: KIND_TO_PROTO(i.kind),
    disputeId: i.disputeId,
    centreCode: i.centreCode,
    category: categoryCodec.fromCode(i.category),
    waitingSince: new Date(i.waitingSince),
    ageSeconds: BigInt(age),
    alertId: i.alertId,
    riskLevel: i.riskLevel ? riskLevelCodec.fromCode(i.riskLevel as never) : 0,
    caseId: i.caseId,
    channel: i.channel ? channelCodec.fromCode(i.channel) : 0,
    reason: i.reason,
    reasonEn: i.reasonEn ?? "",
    acknowledgedBy: i.acknowledgedBy,
    note: i.note,
  };
}

export function supervisorGrpc(deps: RouteDeps, logger: Logger, auth: Authenticator): GrpcServiceBinding {
  const now = () => (deps.now ?? (() => new Date()))();
  const supervisor = async (call: Parameters<Authenticator["require"]>[0]) => callerOf(await auth.require(call, ["supervisor", "admin"]));
  return {
    name: "mediation.routing.v1.SupervisorService",
    definition: routing.SupervisorServiceService,
    implementation: {
      listWorkQueue: unary<routing.ListWorkQueueRequest, routing.ListWorkQueueResponse>(logger, async (req, call) => {
        const caller = await supervisor(call);
        const kinds = req.kinds.map(KIND_FROM_PROTO);
        new Violations().check(kinds.every(Boolean), "kinds", "must be known work item kinds, not UNSPECIFIED").throwIfAny();
        const page = await listWorkQueue(
          deps.store,
          caller,
          { centreCode: req.centreCode, kinds: kinds as WorkKind[], pageSize: req.pageSize, pageToken: req.pageToken },
          now(),
        );
        return {
          items: page.items.map(({ item, ageSeconds }) => toProtoItem(item, ageSeconds)),
          nextPageToken: page.nextPageToken,
          total: page.total,
          oldestAgeSeconds: BigInt(page.oldestAgeSeconds),
        };
      }),
      decideChannel: unary<routing.DecideChannelRequest, routing.DecideChannelResponse>(logger, async (req, call) => {
        const caller = await supervisor(call);
        const channel = channelCodec.toCode(req.channel);
        new Violations()
          .check(req.channel === 0 || channel !== undefined, "channel", `is not a known channel (${req.channel})`)
          .throwIfAny();
        const d = await decideChannel(deps, caller, {
          disputeId: req.disputeId,
          channel,
          reason: req.reason,
        });
        logger.info({ disputeId: d.disputeId, channel: d.channel, decidedBy: d.decidedBy }, "channel decided by a person");
        return { channel: channelCodec.fromCode(d.channel), rule: d.rule, decidedBy: d.decidedBy ?? "", decidedAt: new Date(d.routedAt) };
      }),
      acknowledgeEscalation: unary<routing.AcknowledgeEscalationRequest, routing.AcknowledgeEscalationResponse>(
        logger,
        async (req, call) => {
          const ack = await acknowledgeEscalation(deps, await supervisor(call), req.disputeId, req.note);
          return { ...ack, secondsToAcknowledge: BigInt(ack.secondsToAcknowledge) };
        },
      ),
      acknowledgeRiskAlert: unary<routing.AcknowledgeRiskAlertRequest, routing.AcknowledgeRiskAlertResponse>(logger, async (req, call) => {
        const ack = await acknowledgeRiskAlert(deps, await supervisor(call), req.alertId, req.note);
        return { ...ack, secondsToAcknowledge: BigInt(ack.secondsToAcknowledge) };
      }),
    },
  };
}
