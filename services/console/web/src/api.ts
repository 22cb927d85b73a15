// Calls to the console's own JSON API. Every change carries the CSRF token the session gave.
export interface FieldProblem {
  field: string;
  problem: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export type Role = "centre" | "mediator" | "supervisor" | "analyst";

export interface Person {
  subject: string;
  name: string;
  role: Role;
  centreCode: string;
  mediatorId: string;
}

export interface SessionInfo {
  signedIn: boolean;
  person?: Person;
  csrfToken: string;
  signIn: "development" | "oidc";
}

let csrf = "";

export async function api<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(method === "GET" ? {} : { "x-csrf-token": csrf }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("NETWORK", "network error");
  }
  const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: FieldProblem[] } };
  if (!response.ok) throw new ApiError(json.error?.code ?? "OTHER", json.error?.message ?? response.statusText, json.error?.fields ?? []);
  return json as T;
}

export async function loadSession(): Promise<SessionInfo> {
  const session = await api<SessionInfo>("GET", "/api/session");
  csrf = session.csrfToken;
  return session;
}
