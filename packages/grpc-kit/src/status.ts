// The one mapping from our errors to gRPC status codes (docs/architecture.md#errors: errors are values with a status).

import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, Unauthenticated } from "@mediation/contracts";

export function toServiceError(error: unknown): Partial<ServiceError> {
  const message = error instanceof Error ? error.message : String(error);
  const code =
    error instanceof InvalidArgument
      ? status.INVALID_ARGUMENT
      : error instanceof NotFound
        ? status.NOT_FOUND
        : error instanceof FailedPrecondition
          ? status.FAILED_PRECONDITION
          : error instanceof AlreadyExists
            ? status.ALREADY_EXISTS
            : error instanceof PermissionDenied
              ? status.PERMISSION_DENIED
              : error instanceof Unauthenticated
                ? status.UNAUTHENTICATED
                : status.INTERNAL;
  const metadata = new Metadata();
  if (error instanceof InvalidArgument) {
    metadata.set("invalid-fields", error.violations.map((v) => v.field).join(","));
  }
  // Internal errors say nothing of their insides to the caller; the service logs them.
  return { code, details: code === status.INTERNAL ? "internal error; see the service log" : message, metadata };
}
