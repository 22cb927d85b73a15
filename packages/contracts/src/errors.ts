// Errors are values with a status (docs/architecture.md#errors). Domain and application code throw these; the gRPC kit
// maps them to status codes in one place. They carry no gRPC types, so domain code stays pure.

export interface FieldViolation {
  field: string;
  problem: string;
}

export class DomainError extends Error {}

/** Bad input: names every field that is wrong. Built through `Violations`, the one way to make one. */
export class InvalidArgument extends DomainError {
  override name = "InvalidArgument";
  constructor(readonly violations: FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.problem}`).join("; "));
  }
}

export class NotFound extends DomainError {
  override name = "NotFound";
}

/** The request is valid but the thing is not in a state that allows it. */
export class FailedPrecondition extends DomainError {
  override name = "FailedPrecondition";
}

export class AlreadyExists extends DomainError {
  override name = "AlreadyExists";
}

export class PermissionDenied extends DomainError {
  override name = "PermissionDenied";
}

/** No valid bearer token: the caller is not known. */
export class Unauthenticated extends DomainError {
  override name = "Unauthenticated";
}

/**
 * Collects field problems and throws them together, so a caller fixes everything at once:
 * `new Violations().check(ok, "month", "must be YYYY-MM").throwIfAny()`.
 */
export class Violations {
  private readonly list: FieldViolation[] = [];
  add(field: string, problem: string): this {
    this.list.push({ field, problem });
    return this;
  }
  check(condition: boolean, field: string, problem: string): this {
    if (!condition) this.add(field, problem);
    return this;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  throwIfAny(): void {
    if (this.list.length) throw this.error;
  }
  /** For a `throw` the compiler must see, e.g. a switch's default. */
  get error(): InvalidArgument {
    return new InvalidArgument([...this.list]);
  }
}
