// Who the CLI (and the tests, and the demo) speak as. With MEDIATION_TOKEN set, that token is sent
// on every call. On a development machine started with `pnpm start`, the CLI signs a short-lived
// token for the role each command needs, with the development key under .data/; in production the
// identity provider issues tokens and no such key exists.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type AuthSettings, signToken, type TokenClaims } from "@mediation/grpc-kit";

/** The token to send with a call, by method name and request. */
export type Credentials = (method: string, request: Record<string, unknown>) => Promise<string | undefined>;

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
      return { subject: `centre:${text(request.centreCode)}`, role: "centre", centreCode: text(request.centreCode) };
    case "getDispute":
    case "listDisputes":
    case "listMediators":
    case "putMediator":
    case "setMediatorStatus":
      return { subject: "district-supervisor", role: "supervisor" };
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
      return { subject: "district-admin", role: "admin" };
    default:
      return { subject: "district-analyst", role: "analyst" };
  }
}

export const AUTH_DEFAULTS = { issuer: "mediation-centre", audience: "mediation-centre" };

/** Signs a short-lived token per call, for the role that call needs. Development and tests only. */
export function developmentSigner(secret: string): Credentials {
  const settings: AuthSettings = { secret, ...AUTH_DEFAULTS };
  return (method, request) => signToken(roleFor(method, request), settings, "10m");
}

/** The development key of a local centre: made once under the data folder, readable by its owner only. */
export function developmentSecret(dataDir: string, create: boolean): string | undefined {
  const file = join(dataDir, "dev-auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  if (!create) return undefined;
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
