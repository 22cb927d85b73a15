// Who the CLI (and the tests, and the demo) speak as. With MEDIATION_TOKEN set, that token is sent
// on every call: the identity provider issues it naming every service it is for as its audience
// (`mediation-centre/intake`, ...). On a development machine started with `pnpm start`, the CLI
// signs a short-lived token per call, for the role the command needs and the one service it calls,
// with the development key under .data/; in production no such key exists.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { serviceAudience } from "@mediation/config";
import { signToken, type TokenClaims } from "@mediation/grpc-kit";
import type { ServiceName } from "./centre/launch.js";

/** The token to send with a call, by method name, request and the service called. */
export type Credentials = (method: string, request: Record<string, unknown>, service: ServiceName) => Promise<string | undefined>;

export const fixedToken =
  (token: string): Credentials =>
  async () =>
    token;

export const noCredentials: Credentials = async () => undefined;

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The role a development caller takes for each method: the person who would make that call. */
export function roleFor(method: string, request: Record<string, unknown>): TokenClaims {
  switch (method) {
    case "submitDispute":
    case "withdrawDispute":
    case "recordGuidance":
      return { subject: `centre:${text(request.centreCode)}`, role: "centre", centreCode: text(request.centreCode) };
    case "getDispute":
    case "listDisputes":
    case "listMediators":
    case "putMediator":
    case "setMediatorStatus":
    case "assignCase":
    case "listWaiting":
    case "listOpenCases":
    case "reassignCase":
    case "listWorkQueue":
    case "decideChannel":
    case "acknowledgeEscalation":
    case "acknowledgeRiskAlert":
    case "findPersonalData":
    case "listCaseRecords":
      return { subject: "district-supervisor", role: "supervisor" };
    case "getCaseParties":
    case "watchAssignments":
    case "acceptOffer":
    case "declineOffer":
    case "recordSession":
    case "extendDeadline":
    case "closeCase":
    case "listMyCases":
      return { subject: `mediator:${text(request.mediatorId)}`, role: "mediator", mediatorId: text(request.mediatorId) };
    case "publishMonthlyReport":
    case "rebuildReadModel":
    case "setSupervisor":
    case "listAuditEntries":
    case "verifyAuditTrail":
      return { subject: "district-admin", role: "admin" };
    default:
      return { subject: "district-analyst", role: "analyst" };
  }
}

export interface SignerOptions {
  /** Speak as this caller on every call, instead of the role each method needs (tests). */
  as?: TokenClaims;
  /** How long each token lives, as jose reads it ("10m"); a negative one ("-1s") is already expired. */
  expiresIn?: string;
}

/** Signs a short-lived HS256 token per call, for the role that call needs and the service it goes to. Development and tests only. */
export function developmentSigner(secret: string, options: SignerOptions = {}): Credentials {
  return (method, request, service) =>
    signToken(
      options.as ?? roleFor(method, request),
      { secret, issuer: "mediation-centre", audience: serviceAudience(service) },
      options.expiresIn ?? "10m",
    );
}

/**
 * A development key of a local centre (by default the token key): made once under the data folder,
 * readable by its owner only, as base64 of 32 random bytes like `openssl rand -base64 32`.
 */
export function developmentSecret(dataDir: string, create: boolean, name = "dev-auth-secret"): string | undefined {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  if (!create) return undefined;
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
