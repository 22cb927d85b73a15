// The calls of the people who work the district's queues, each with the token its role carries: the
// district (admin) on routing's SupervisorService, a street centre on intake's RecordGuidance.
import { serviceAudience } from "@mediation/config";
import { type ChannelCode, channelCodec, common, intake, routing } from "@mediation/contracts";
import { call, createClient, signToken, type TokenClaims, withToken } from "@mediation/grpc-kit";
import type { CentreFixture } from "./centre-fixture.js";

export function channelCode(c: common.Channel): ChannelCode {
  const code = channelCodec.toCode(c);
  if (!code) throw new Error(`no channel in ${common.channelToJSON(c)}`);
  return code;
}

export const outcomeCode = (o: common.Outcome) => common.outcomeToJSON(o).replace("OUTCOME_", "");

type Method<Req> = (request: Req, ...rest: never[]) => unknown;

export class DistrictPeople {
  private readonly supervisor: routing.SupervisorServiceClient;
  private readonly intake: intake.IntakeServiceClient;

  constructor(private readonly f: CentreFixture) {
    this.supervisor = createClient(routing.SupervisorServiceClient, f.centre.addresses.routing);
    this.intake = createClient(intake.IntakeServiceClient, f.centre.addresses.intake);
  }

  private async as<Req, Res>(claims: TokenClaims, service: "routing" | "intake", method: Method<Req>, request: Req): Promise<Res> {
    const settings = { secret: this.f.centre.authSecret, issuer: "mediation-centre", audience: serviceAudience(service) };
    const token = await signToken(claims, settings, "10m");
    const client = service === "routing" ? this.supervisor : this.intake;
    return call(method as never, client, request, undefined, withToken(token)) as Promise<Res>;
  }

  private asDistrict<Req, Res>(method: Method<Req>, request: Req): Promise<Res> {
    return this.as({ subject: "district-admin", role: "admin" }, "routing", method, request);
  }

  /** Everything waiting for a person, district-wide, oldest first. */
  listWorkQueue(kinds: routing.WorkItemKind[] = []): Promise<routing.ListWorkQueueResponse> {
    const request = routing.ListWorkQueueRequest.fromPartial({ kinds, pageSize: 500 });
    return this.asDistrict(this.supervisor.listWorkQueue, request);
  }

  decideChannel(disputeId: string, channel: common.Channel, reason: string): Promise<routing.DecideChannelResponse> {
    return this.asDistrict(this.supervisor.decideChannel, { disputeId, channel, reason });
  }

  acknowledgeEscalation(disputeId: string, note: string): Promise<routing.AcknowledgeEscalationResponse> {
    return this.asDistrict(this.supervisor.acknowledgeEscalation, { disputeId, note });
  }

  acknowledgeRiskAlert(alertId: string, note: string): Promise<routing.AcknowledgeRiskAlertResponse> {
    return this.asDistrict(this.supervisor.acknowledgeRiskAlert, { alertId, note });
  }

  /** The submitting centre records the guidance it gave on a terminal channel. */
  recordGuidance(centreCode: string, disputeId: string, institution: string, note: string): Promise<intake.RecordGuidanceResponse> {
    const centre = { subject: `centre:${centreCode}`, role: "centre" as const, centreCode };
    return this.as(centre, "intake", this.intake.recordGuidance, { disputeId, institution, note });
  }

  close(): void {
    this.supervisor.close();
    this.intake.close();
  }
}
