// Typed gRPC clients for the four services, each call with a deadline.
import { intake, mediation, routing, statistics } from "@mediation/contracts";
import { call, createClient } from "@mediation/grpc-kit";
import { DEFAULT_PORTS, type ServiceName } from "./centre/launch.js";

export class CentreClients {
  readonly intake: intake.IntakeServiceClient;
  readonly routing: routing.RoutingServiceClient;
  readonly mediator: mediation.MediatorServiceClient;
  readonly statistics: statistics.StatisticsServiceClient;
  readonly roster: mediation.RosterServiceClient;

  constructor(readonly addresses: Record<ServiceName, string>) {
    this.intake = createClient(intake.IntakeServiceClient, addresses.intake);
    this.routing = createClient(routing.RoutingServiceClient, addresses.routing);
    this.mediator = createClient(mediation.MediatorServiceClient, addresses.mediation);
    this.statistics = createClient(statistics.StatisticsServiceClient, addresses.statistics);
    this.roster = createClient(mediation.RosterServiceClient, addresses.mediation);
  }

  submitDispute = (req: Partial<intake.SubmitDisputeRequest>) =>
    call(this.intake.submitDispute, this.intake, intake.SubmitDisputeRequest.fromPartial(req));
  getDispute = (disputeId: string) => call(this.intake.getDispute, this.intake, { disputeId });
  listDisputes = (req: Partial<intake.ListDisputesRequest>) =>
    call(this.intake.listDisputes, this.intake, intake.ListDisputesRequest.fromPartial(req));
  explainRoute = (req: Partial<routing.ExplainRouteRequest>) =>
    call(this.routing.explainRoute, this.routing, routing.ExplainRouteRequest.fromPartial(req));
  getPolicy = () => call(this.routing.getPolicy, this.routing, {});
  simulatePolicy = (month: string, candidatePolicy: string) => call(this.routing.simulatePolicy, this.routing, { month, candidatePolicy });
  acceptOffer = (mediatorId: string, offerId: string) => call(this.mediator.acceptOffer, this.mediator, { mediatorId, offerId });
  declineOffer = (mediatorId: string, offerId: string, reason: string) =>
    call(this.mediator.declineOffer, this.mediator, { mediatorId, offerId, reason });
  recordSession = (req: Partial<mediation.RecordSessionRequest>) =>
    call(this.mediator.recordSession, this.mediator, mediation.RecordSessionRequest.fromPartial(req));
  extendDeadline = (mediatorId: string, caseId: string, bothPartiesConsent: boolean) =>
    call(this.mediator.extendDeadline, this.mediator, { mediatorId, caseId, bothPartiesConsent });
  closeCase = (req: Partial<mediation.CloseCaseRequest>) =>
    call(this.mediator.closeCase, this.mediator, mediation.CloseCaseRequest.fromPartial(req));
  listMediators = (centreCode = "") => call(this.roster.listMediators, this.roster, { centreCode });
  setMediatorStatus = (mediatorId: string, status: mediation.MediatorStatus) =>
    call(this.roster.setMediatorStatus, this.roster, { mediatorId, status });
  listMyCases = (mediatorId: string) => call(this.mediator.listMyCases, this.mediator, { mediatorId });
  monthlyReport = (month: string, centreCode = "") => call(this.statistics.getMonthlyReport, this.statistics, { month, centreCode });
  exportReport = (month: string, centreCode: string, format: statistics.ExportFormat, language: statistics.ExportLanguage) =>
    call(this.statistics.exportMonthlyReport, this.statistics, { month, centreCode, format, language });
  publishReport = (month: string) => call(this.statistics.publishMonthlyReport, this.statistics, { month });
  rebuildReadModel = () => call(this.statistics.rebuildReadModel, this.statistics, {}, 120_000);

  /** Opens a mediator's assignment stream; `onOffer` gets each offer. Returns a function that closes it. */
  watchAssignments(mediatorId: string, onOffer: (offer: mediation.Offer) => void, onError?: (error: Error) => void): () => void {
    const stream = this.mediator.watchAssignments({ mediatorId });
    stream.on("data", (message: mediation.WatchAssignmentsResponse) => message.offer && onOffer(message.offer));
    stream.on("error", (error: Error & { code?: number }) => {
      if (error.code !== 1 /* CANCELLED: we closed it */) onError?.(error);
    });
    return () => stream.cancel();
  }

  close(): void {
    for (const client of [this.intake, this.routing, this.mediator, this.statistics, this.roster]) client.close();
  }
}

/** Addresses from MEDIATION_<SERVICE>_ADDR, else the default local ports. */
export function connectCentre(env: Record<string, string | undefined> = process.env): CentreClients {
  const address = (name: ServiceName) => env[`MEDIATION_${name.toUpperCase()}_ADDR`] ?? `127.0.0.1:${DEFAULT_PORTS[name]}`;
  return new CentreClients({
    intake: address("intake"),
    routing: address("routing"),
    mediation: address("mediation"),
    statistics: address("statistics"),
  });
}
