// A service's gRPC error, as the browser gets it: an HTTP status, the gRPC code's name, the
// service's message, and for INVALID_ARGUMENT each field and its problem, so a form can show them.
import { isServiceError, status } from "@mediation/grpc-kit";

export interface FieldProblem {
  field: string;
  problem: string;
}

export interface ApiError {
  status: number;
  body: { error: { code: string; message: string; fields: FieldProblem[] } };
}

const HTTP: Partial<Record<number, number>> = {
  [status.INVALID_ARGUMENT]: 400,
  [status.UNAUTHENTICATED]: 401,
  [status.PERMISSION_DENIED]: 403,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.FAILED_PRECONDITION]: 409,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.UNAVAILABLE]: 503,
};

/** "summary: is required; parties[0].name: is required" → one problem per field. */
export function fieldProblems(details: string): FieldProblem[] {
  return details
    .split("; ")
    .map((part) => /^([a-z_][a-z0-9_.[\]]*): (.+)$/.exec(part))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ field: match[1] as string, problem: match[2] as string }));
}

export function apiError(code: string, message: string, httpStatus: number, fields: FieldProblem[] = []): ApiError {
  return { status: httpStatus, body: { error: { code, message, fields } } };
}

export function fromServiceError(error: unknown): ApiError {
  if (!isServiceError(error)) return apiError("INTERNAL", "the console failed; see its log", 500);
  const code = status[error.code] ?? "UNKNOWN";
  const fields = error.code === status.INVALID_ARGUMENT ? fieldProblems(error.details) : [];
  return apiError(code, error.details, HTTP[error.code] ?? 502, fields);
}
