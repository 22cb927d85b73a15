// Typed gRPC clients for the four services: each call with a deadline and a bearer token.

import { join } from "node:path";
import type { Client, ClientUnaryCall, Metadata, ServiceError } from "@grpc/grpc-js";
import { ConfigError, readSettingFile } from "@mediation/config";
import { audit, type common, intake, intakePrivacy, mediation, mediationPrivacy, routing, statistics } from "@mediation/contracts";
import { type ClientTls, call, createClient, DEFAULT_DEADLINE_MS, withToken } from "@mediation/grpc-kit";
import { DEFAULT_PORTS, REPO_ROOT, type ServiceName } from "./centre/launch.js";
import { type Credentials, developmentSecret, developmentSigner, fixedToken, noCredentials } from "./credentials.js";

/** The services that keep an audit trail (docs/architecture.md#audit-trail). */
export const AUDITED = ["intake", "routing", "mediation"] as const;
export type AuditedService = (typeof AUDITED)[number];

type Unary<Req, Res> = (req: Req, md: Metadata, opts: { deadline: Date }, cb: (e: ServiceError | null, r: Res) => void) => ClientUnaryCall;

export class CentreClients {
  readonly intake: intake.IntakeServiceClient;
  readonly routing: routing.RoutingServiceClient;
  readonly mediator: mediation.MediatorServiceClient;
  readonly roster: mediation.RosterServiceClient;
  readonly supervisor: routing.SupervisorServiceClient;
  readonly statistics: statistics.StatisticsServiceClient;
  /** Each service's own audit trail. */
  readonly audits: Record<AuditedService, audit.AuditServiceClient>;
  readonly intakePrivacy: intakePrivacy.PersonalDataServiceClient;
  readonly mediationPrivacy: mediationPrivacy.PersonalDataServiceClient;

  /** The service each client speaks to: the audience its tokens must name. */
  private readonly serviceOf: Map<Client, ServiceName>;

  constructor(
    readonly addresses: Record<ServiceName, string>,
    private readonly credentials: Credentials,
    /** TLS to every service; plaintext when undefined. */
    private readonly tls?: ClientTls,
  ) {
    this.intake = createClient(intake.IntakeServiceClient, addresses.intake, tls);
    this.routing = createClient(routing.RoutingServiceClient, addresses.routing, tls);
    this.mediator = createClient(mediation.MediatorServiceClient, addresses.mediation, tls);
    this.roster = createClient(mediation.RosterServiceClient, addresses.mediation, tls);
    this.supervisor = createClient(routing.SupervisorServiceClient, addresses.routing, tls);
    this.statistics = createClient(statistics.StatisticsServiceClient, addresses.statistics, tls);
    this.audits = {
      intake: createClient(audit.AuditServiceClient, addresses.intake, tls),
      routing: createClient(audit.AuditServiceClient, addresses.routing, tls),
      mediation: createClient(audit.AuditServiceClient, addresses.mediation, tls),
    };
    this.intakePrivacy = createClient(intakePrivacy.PersonalDataServiceClient, addresses.intake, tls);
    this.mediationPrivacy = createClient(mediationPrivacy.PersonalDataServiceClient, addresses.mediation, tls);
    this.serviceOf = new Map<Client, ServiceName>([
      ...AUDITED.map((s) => [this.audits[s], s] as [Client, ServiceName]),
      [this.intake, "intake"],
      [this.routing, "routing"],
      [this.mediator, "mediation"],
      [this.roster, "mediation"],
      [this.supervisor, "routing"],
      [this.statistics, "statistics"],
      [this.intakePrivacy, "intake"],
      [this.mediationPrivacy, "mediation"],
    ]);
  }

  /** The same services, speaking as someone else. */
  as(credentials: Credentials): CentreClients {
    return new CentreClients(this.addresses, credentials, this.tls);
  }

  private async unary<Req extends object, Res>(
    client: Client,
    method: Unary<Req, Res>,
    name: string,
    request: Req,
    deadlineMs = DEFAULT_DEADLINE_MS,
  ): Promise<Res> {
    const service = this.serviceOf.get(client);
    if (!service) throw new Error(`no service is known for the client of ${name}`);
    const token = await this.credentials(name, request as Record<string, unknown>, service);
    return call(method as never, client, request, deadlineMs, withToken(token)) as Promise<Res>;
  }

  submitDispute = (req: Partial<intake.SubmitDisputeRequest>) =>
    this.unary(this.intake, this.intake.submitDispute, "submitDispute", intake.SubmitDisputeRequest.fromPartial(req));
  /** A supervisor's `accessReason` shows the numbers in full, and is audited. */
  getDispute = (disputeId: string, accessReason = "") =>
    this.unary(this.intake, this.intake.getDispute, "getDispute", { disputeId, accessReason });
  getCaseParties = (mediatorId: string, disputeId: string) =>
    this.unary(this.intake, this.intake.getCaseParties, "getCaseParties", { disputeId, mediatorId } as { disputeId: string });

  listAuditEntries = (service: AuditedService, req: Partial<audit.ListAuditEntriesRequest>) =>
    this.unary(
      this.audits[service],
      this.audits[service].listAuditEntries,
      "listAuditEntries",
      audit.ListAuditEntriesRequest.fromPartial(req),
    );
  verifyAuditTrail = (service: AuditedService) =>
    this.unary(this.audits[service], this.audits[service].verifyAuditTrail, "verifyAuditTrail", {}, 120_000);
  listDisputes = (req: Partial<intake.ListDisputesRequest>) =>
    this.unary(this.intake, this.intake.listDisputes, "listDisputes", intake.ListDisputesRequest.fromPartial(req));
  /** `centreCode` names the withdrawing centre for a development token; it is not sent. */
  withdrawDispute = (disputeId: string, withdrawnBy: common.WithdrawnBy, reason: string, centreCode: string) => {
    const request = { ...intake.WithdrawDisputeRequest.fromPartial({ disputeId, withdrawnBy, reason }), centreCode };
    return this.unary(this.intake, this.intake.withdrawDispute, "withdrawDispute", request);
  };
  /** `centreCode` names the centre for a development token; it is not sent. */
  recordGuidance = (disputeId: string, institution: string, note: string, centreCode: string) => {
    const request = { ...intake.RecordGuidanceRequest.fromPartial({ disputeId, institution, note }), centreCode };
    return this.unary(this.intake, this.intake.recordGuidance, "recordGuidance", request);
  };

  explainRoute = (req: Partial<routing.ExplainRouteRequest>) =>
    this.unary(this.routing, this.routing.explainRoute, "explainRoute", routing.ExplainRouteRequest.fromPartial(req));
  listWorkQueue = (req: Partial<routing.ListWorkQueueRequest>) =>
    this.unary(this.supervisor, this.supervisor.listWorkQueue, "listWorkQueue", routing.ListWorkQueueRequest.fromPartial(req));
  decideChannel = (disputeId: string, channel: common.Channel, reason: string) =>
    this.unary(this.supervisor, this.supervisor.decideChannel, "decideChannel", { disputeId, channel, reason });
  acknowledgeEscalation = (disputeId: string, note: string) =>
    this.unary(this.supervisor, this.supervisor.acknowledgeEscalation, "acknowledgeEscalation", { disputeId, note });
  acknowledgeRiskAlert = (alertId: string, note: string) =>
    this.unary(this.supervisor, this.supervisor.acknowledgeRiskAlert, "acknowledgeRiskAlert", { alertId, note });
  getPolicy = () => this.unary(this.routing, this.routing.getPolicy, "getPolicy", {});
  simulatePolicy = (month: string, candidatePolicy: string) =>
    this.unary(this.routing, this.routing.simulatePolicy, "simulatePolicy", { month, candidatePolicy });

  acceptOffer = (mediatorId: string, offerId: string) =>
    this.unary(this.mediator, this.mediator.acceptOffer, "acceptOffer", { mediatorId, offerId });
  declineOffer = (mediatorId: string, offerId: string, reason: string) =>
    this.unary(this.mediator, this.mediator.declineOffer, "declineOffer", { mediatorId, offerId, reason });
  recordSession = (req: Partial<mediation.RecordSessionRequest>) =>
    this.unary(this.mediator, this.mediator.recordSession, "recordSession", mediation.RecordSessionRequest.fromPartial(req));
  extendDeadline = (mediatorId: string, caseId: string, bothPartiesConsent: boolean) =>
    this.unary(this.mediator, this.mediator.extendDeadline, "extendDeadline", { mediatorId, caseId, bothPartiesConsent });
  closeCase = (req: Partial<mediation.CloseCaseRequest>) =>
    this.unary(this.mediator, this.mediator.closeCase, "closeCase", mediation.CloseCaseRequest.fromPartial(req));
  listMyCases = (mediatorId: string) => this.unary(this.mediator, this.mediator.listMyCases, "listMyCases", { mediatorId });

  listMediators = (centreCode = "") => this.unary(this.roster, this.roster.listMediators, "listMediators", { centreCode });
  setMediatorStatus = (mediatorId: string, status: mediation.MediatorStatus) =>
    this.unary(this.roster, this.roster.setMediatorStatus, "setMediatorStatus", { mediatorId, status });
  listWaiting = (centreCode = "") => this.unary(this.roster, this.roster.listWaiting, "listWaiting", { centreCode });
  listOpenCases = (req: Partial<mediation.ListOpenCasesRequest>) =>
    this.unary(this.roster, this.roster.listOpenCases, "listOpenCases", mediation.ListOpenCasesRequest.fromPartial(req));
  assignCase = (caseId: string, mediatorId: string) =>
    this.unary(this.roster, this.roster.assignCase, "assignCase", { caseId, mediatorId });
  reassignCase = (caseId: string, mediatorId: string, reason: string) =>
    this.unary(this.roster, this.roster.reassignCase, "reassignCase", { caseId, mediatorId, reason });
  findPersonalData = (idNumber: string, name: string) =>
    this.unary(this.intakePrivacy, this.intakePrivacy.findPersonalData, "findPersonalData", { idNumber, name });
  listCaseRecords = (disputeIds: string[]) =>
    this.unary(this.mediationPrivacy, this.mediationPrivacy.listCaseRecords, "listCaseRecords", { disputeIds });

  monthlyReport = (month: string, centreCode = "") =>
    this.unary(this.statistics, this.statistics.getMonthlyReport, "getMonthlyReport", { month, centreCode });
  exportReport = (month: string, centreCode: string, format: statistics.ExportFormat, language: statistics.ExportLanguage) =>
    this.unary(this.statistics, this.statistics.exportMonthlyReport, "exportMonthlyReport", { month, centreCode, format, language });
  publishReport = (month: string) => this.unary(this.statistics, this.statistics.publishMonthlyReport, "publishMonthlyReport", { month });
  rebuildReadModel = () => this.unary(this.statistics, this.statistics.rebuildReadModel, "rebuildReadModel", {}, 120_000);

  /** Opens a mediator's assignment stream; `onOffer` gets each offer. Returns a function that closes it. */
  /** `onWithdrawn` gets the id of an offer sent earlier that was withdrawn with its dispute. */
  watchAssignments(
    mediatorId: string,
    onOffer: (offer: mediation.Offer) => void,
    onError?: (error: Error) => void,
    onWithdrawn?: (offerId: string) => void,
  ): () => void {
    let cancelled = false;
    let cancel = () => {
      cancelled = true;
    };
    this.credentials("watchAssignments", { mediatorId }, "mediation").then((token) => {
      if (cancelled) return;
      const stream = this.mediator.watchAssignments({ mediatorId }, withToken(token));
      stream.on("data", (message: mediation.WatchAssignmentsResponse) => {
        if (message.offer) onOffer(message.offer);
        if (message.withdrawnOfferId) onWithdrawn?.(message.withdrawnOfferId);
      });
      stream.on("error", (error: Error & { code?: number }) => {
        if (error.code !== 1 /* CANCELLED: we closed it */) onError?.(error);
      });
      cancel = () => stream.cancel();
    }, onError);
    return () => cancel();
  }

  close(): void {
    for (const client of this.serviceOf.keys()) client.close();
  }
}

/**
 * TLS to the services (docs/deployment.md#grpc-over-tls): MEDIATION_TLS_CA, the CA that signed their
 * certificates, and for mutual TLS MEDIATION_TLS_CERT and MEDIATION_TLS_KEY; plaintext when unset.
 */
export function clientTlsOf(env: Record<string, string | undefined>): ClientTls | undefined {
  const [ca, cert, key] = ["MEDIATION_TLS_CA", "MEDIATION_TLS_CERT", "MEDIATION_TLS_KEY"].map((name) => env[name] || undefined);
  if ((cert === undefined) !== (key === undefined))
    throw new ConfigError("invalid configuration:\n  MEDIATION_TLS_CERT and MEDIATION_TLS_KEY: set both or neither");
  if (!ca) {
    if (cert)
      throw new ConfigError(
        "invalid configuration:\n  MEDIATION_TLS_CERT: requires MEDIATION_TLS_CA (client certificates go over TLS only)",
      );
    return undefined;
  }
  return {
    ca: readSettingFile("MEDIATION_TLS_CA", ca),
    cert: cert ? readSettingFile("MEDIATION_TLS_CERT", cert) : undefined,
    key: key ? readSettingFile("MEDIATION_TLS_KEY", key) : undefined,
  };
}

/**
 * Addresses from MEDIATION_<SERVICE>_ADDR, else the default local ports. The token from
 * MEDIATION_TOKEN, else the local development key that `pnpm start` made, else none. TLS from
 * MEDIATION_TLS_* (clientTlsOf).
 */
export function connectCentre(env: Record<string, string | undefined> = process.env): CentreClients {
  const address = (name: ServiceName) => env[`MEDIATION_${name.toUpperCase()}_ADDR`] ?? `127.0.0.1:${DEFAULT_PORTS[name]}`;
  const devSecret = developmentSecret(join(REPO_ROOT, ".data"), false);
  const credentials = env.MEDIATION_TOKEN ? fixedToken(env.MEDIATION_TOKEN) : devSecret ? developmentSigner(devSecret) : noCredentials;
  return new CentreClients(
    { intake: address("intake"), routing: address("routing"), mediation: address("mediation"), statistics: address("statistics") },
    credentials,
    clientTlsOf(env),
  );
}
