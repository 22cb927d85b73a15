// Calls the console makes for supervisors and for a centre's guidance, each with the signed-in
// person's own token: routing's SupervisorService (one shared channel; the token travels per call)
// and intake's RecordGuidance. The services decide who may do what.
import { type intake, routing } from "@mediation/contracts";
import { call, createClient, withToken } from "@mediation/grpc-kit";
import type { Session, Sessions } from "./sessions.js";

export class SupervisionClient {
  private readonly supervisor: routing.SupervisorServiceClient;

  constructor(
    routingAddress: string,
    private readonly sessions: Sessions,
  ) {
    this.supervisor = createClient(routing.SupervisorServiceClient, routingAddress);
  }

  private async as(session: Session) {
    return withToken(await this.sessions.token(session));
  }

  async listWorkQueue(session: Session, request: Partial<routing.ListWorkQueueRequest>) {
    const s = this.supervisor;
    return call(s.listWorkQueue, s, routing.ListWorkQueueRequest.fromPartial(request), undefined, await this.as(session));
  }

  async decideChannel(session: Session, request: Partial<routing.DecideChannelRequest>) {
    const s = this.supervisor;
    return call(s.decideChannel, s, routing.DecideChannelRequest.fromPartial(request), undefined, await this.as(session));
  }

  async acknowledgeEscalation(session: Session, disputeId: string, note: string) {
    const s = this.supervisor;
    return call(s.acknowledgeEscalation, s, { disputeId, note }, undefined, await this.as(session));
  }

  async acknowledgeRiskAlert(session: Session, alertId: string, note: string) {
    const s = this.supervisor;
    return call(s.acknowledgeRiskAlert, s, { alertId, note }, undefined, await this.as(session));
  }

  async recordGuidance(session: Session, request: intake.RecordGuidanceRequest) {
    const i = session.clients.intake;
    return call(i.recordGuidance, i, request, undefined, await this.as(session));
  }

  close(): void {
    this.supervisor.close();
  }
}
