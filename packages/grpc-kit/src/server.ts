import {
  type handleServerStreamingCall,
  type handleUnaryCall,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { Logger } from "@mediation/telemetry";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { HealthImplementation } from "grpc-health-check";
import { toServiceError } from "./status.js";

export type UnaryHandler<Req, Res> = (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>;
export type StreamHandler<Req, Res> = (request: Req, call: ServerWritableStream<Req, Res>) => Promise<void>;

const tracer = trace.getTracer("@mediation/grpc-kit");

/**
 * Turns an async handler into a grpc-js one, inside a server span that starts the dispute's trace;
 * thrown errors become statuses, internal ones are logged.
 */
export function unary<Req, Res>(logger: Logger, handler: UnaryHandler<Req, Res>): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    tracer.startActiveSpan(call.getPath(), { kind: SpanKind.SERVER, attributes: { "rpc.system": "grpc" } }, (span) => {
      handler(call.request, call).then(
        (response) => {
          span.end();
          callback(null, response);
        },
        (error: unknown) => {
          const serviceError = toServiceError(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: serviceError.details ?? "" });
          span.end();
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
  return {
    port: bound,
    stop: async (timeoutMs) => {
      health.setStatus("", "NOT_SERVING");
      for (const binding of bindings) health.setStatus(binding.name, "NOT_SERVING");
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
