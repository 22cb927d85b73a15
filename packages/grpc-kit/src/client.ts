import {
  type ChannelCredentials,
  type Client,
  type ClientUnaryCall,
  credentials,
  Metadata,
  makeClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

/** Every client call has a deadline (docs/architecture.md#deadlines); this is the default. */
export const DEFAULT_DEADLINE_MS = 10_000;

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** The CA that signed the servers' certificates (PEM), and for mutual TLS this client's own certificate and key. */
export interface ClientTls {
  ca: Buffer;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
}

/** TLS when `tls` is given, else plaintext. */
export const channelCredentials = (tls?: ClientTls): ChannelCredentials =>
  tls ? credentials.createSsl(tls.ca, tls.key ?? null, tls.cert ?? null) : credentials.createInsecure();

export function createClient<C extends Client>(
  Ctor: new (address: string, creds: ChannelCredentials) => C,
  address: string,
  tls?: ClientTls,
): C {
  return new Ctor(address, channelCredentials(tls));
}

/** Metadata carrying a bearer token, when there is one. */
export function withToken(token: string | undefined): Metadata {
  const metadata = new Metadata();
  if (token) metadata.set("authorization", `Bearer ${token}`);
  return metadata;
}

/** Calls a unary method with a deadline and resolves with its response. */
export function call<Req, Res>(
  method: UnaryMethod<Req, Res>,
  client: Client,
  request: Req,
  deadlineMs = DEFAULT_DEADLINE_MS,
  metadata: Metadata = new Metadata(),
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, { deadline: new Date(Date.now() + deadlineMs) }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

export function isServiceError(error: unknown): error is ServiceError {
  return typeof error === "object" && error !== null && "code" in error && "details" in error;
}

export { status };

const HealthClient = makeClientConstructor(healthService as never, "grpc.health.v1.Health");

/** grpc.health.v1 status of the whole server: "SERVING", "NOT_SERVING", or "UNREACHABLE" when it does not answer. */
export function healthStatus(address: string, deadlineMs = 2_000, tls?: ClientTls): Promise<string> {
  const client = new HealthClient(address, channelCredentials(tls)) as unknown as Client & {
    check: (
      req: { service: string },
      md: Metadata,
      opts: { deadline: Date },
      cb: (e: ServiceError | null, r: { status: string | number }) => void,
    ) => void;
  };
  return new Promise((resolve) => {
    client.check({ service: "" }, new Metadata(), { deadline: new Date(Date.now() + deadlineMs) }, (error, response) => {
      client.close();
      if (error) resolve("UNREACHABLE");
      else if (typeof response.status === "string") resolve(response.status);
      else resolve(response.status === 1 ? "SERVING" : response.status === 2 ? "NOT_SERVING" : String(response.status));
    });
  });
}

/** Whether a server answers grpc.health.v1 with SERVING. */
export async function checkHealth(address: string, deadlineMs = 2_000, tls?: ClientTls): Promise<boolean> {
  return (await healthStatus(address, deadlineMs, tls)) === "SERVING";
}
