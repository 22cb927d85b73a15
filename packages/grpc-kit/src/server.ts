import {
  type handleServerStreamingCall,
  type handleUnaryCall,
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { LATENCY_BUCKETS_MS, type Logger, meter } from "@mediation/telemetry";
import { context, type Histogram, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { HealthImplementation } from "grpc-health-check";
import { toServiceError } from "./status.js";

export type UnaryHandler<Req, Res> = (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>;
export type StreamHandler<Req, Res> = (request: Req, call: ServerWritableStream<Req, Res>) => Promise<void>;

const tracer = trace.getTracer("@mediation/grpc-kit");

/** rpc.server.duration (OTel semantic conventions for RPC): one histogram per process, made once metrics run. */
let duration: Histogram | undefined;
const serverDuration = () =>
  (duration ??= meter("@mediation/grpc-kit").createHistogram("rpc.server.duration", {
    unit: "ms",
    description: "Duration of gRPC calls handled, by method and status",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_MS },
  }));

/** The attributes of a call: path "/pkg.Service/Method" split into rpc.service and rpc.method. */
function rpcAttributes(path: string) {
  const [, service = "", method = ""] = path.split("/");
  return { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method };
}

/** The caller's trace, when its metadata carries a W3C `traceparent`. */
function callerContext(metadata: Metadata) {
  const carrier: Record<string, string> = {};
  for (const key of ["traceparent", "tracestate"]) {
    const value = metadata.get(key)[0];
    if (typeof value === "string") carrier[key] = value;
  }
  return propagation.extract(context.active(), carrier);
}

/**
 * Turns an async handler into a grpc-js one, inside a server span that continues the caller's
 * trace (or starts the dispute's); thrown errors become statuses, internal ones are logged.
 */
export function unary<Req, Res>(logger: Logger, handler: UnaryHandler<Req, Res>): handleUnaryCall<Req, Res> {
  const histogram = serverDuration();
  return (call, callback) => {
    const attributes = rpcAttributes(call.getPath());
    const started = performance.now();
    const finish = (code: status) => histogram.record(performance.now() - started, { ...attributes, "rpc.grpc.status_code": code });
    tracer.startActiveSpan(call.getPath(), { kind: SpanKind.SERVER, attributes }, callerContext(call.metadata), (span) => {
      handler(call.request, call).then(
        (response) => {
          span.end();
          finish(status.OK);
          callback(null, response);
        },
        (error: unknown) => {
          const serviceError = toServiceError(error);
          const code = serviceError.code ?? status.UNKNOWN;
          span.setStatus({ code: SpanStatusCode.ERROR, message: serviceError.details ?? "" });
          span.setAttribute("rpc.grpc.status_code", code);
          span.end();
          finish(code);
          if (serviceError.code === status.INTERNAL) logger.error({ err: error, path: call.getPath() }, "call failed");
          callback(serviceError);
        },
      );
    });
  };
}

export function serverStream<Req, Res>(logger: Logger, handler: StreamHandler<Req, Res>): handleServerStreamingCall<Req, Res> {
  return (call) => {
    handler(call.request, call).then(
      () => call.end(),
      (error: unknown) => {
        const serviceError = toServiceError(error);
        if (serviceError.code === status.INTERNAL) logger.error({ err: error, path: call.getPath() }, "stream failed");
        call.destroy(Object.assign(new Error(serviceError.details), serviceError));
      },
    );
  };
}

export interface GrpcServiceBinding {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
  /** Fully-qualified name reported by grpc.health.v1, e.g. "mediation.intake.v1.IntakeService". */
  name: string;
}

/** The server's certificate chain and key (PEM); with `clientCa`, every client must present a certificate it signed (mutual TLS). */
export interface ServerTls {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer | undefined;
}

const serverCredentials = (tls: ServerTls | undefined) =>
  tls
    ? ServerCredentials.createSsl(tls.clientCa ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], tls.clientCa !== undefined)
    : ServerCredentials.createInsecure();

export interface RunningServer {
  port: number;
  /** Readiness: SERVING or NOT_SERVING for the whole server and each of its services. */
  setServing(serving: boolean): void;
  /** Marks every service NOT_SERVING, stops taking calls, and waits up to `timeoutMs` for calls in flight. */
  stop(timeoutMs: number): Promise<void>;
}

/** Starts a server with the given services and grpc.health.v1, over TLS when `tls` is given; resolves once it listens. */
export async function startGrpcServer(host: string, port: number, bindings: GrpcServiceBinding[], tls?: ServerTls): Promise<RunningServer> {
  const server = new Server();
  const health = new HealthImplementation({ "": "SERVING" });
  for (const binding of bindings) {
    server.addService(binding.definition, binding.implementation);
    health.setStatus(binding.name, "SERVING");
  }
  health.addToServer(server);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, serverCredentials(tls), (error, actual) => (error ? reject(error) : resolve(actual)));
  });
  let stopping = false;
  const setAll = (value: "SERVING" | "NOT_SERVING") => {
    health.setStatus("", value);
    for (const binding of bindings) health.setStatus(binding.name, value);
  };
  return {
    port: bound,
    setServing: (serving) => {
      if (!stopping) setAll(serving ? "SERVING" : "NOT_SERVING");
    },
    stop: async (timeoutMs) => {
      stopping = true;
      setAll("NOT_SERVING");
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
