// The intake service's gRPC door as production keeps it: the real Authenticator, verifying bearer
// tokens with the identity provider's JWKS (no shared secret), for its own audience only. Behind
// it, ListDisputes answers with no disputes and remembers who called with which token.
import { serviceAudience } from "@mediation/config";
import { intake } from "@mediation/contracts";
import { Authenticator, type Principal, startGrpcServer, unary } from "@mediation/grpc-kit";
import { createLogger } from "@mediation/telemetry";

export interface CheckingIntake {
  address: string;
  /** Each accepted call: the caller the services saw and the token it sent. */
  accepted: Array<{ principal: Principal; token: string }>;
  stop(): Promise<void>;
}

export async function startCheckingIntake(issuer: string, jwks: string): Promise<CheckingIntake> {
  const logger = createLogger("checking-intake");
  const auth = new Authenticator({ issuer, jwks, audience: serviceAudience("intake"), maxTokenAgeSeconds: 3600 }, logger);
  const accepted: CheckingIntake["accepted"] = [];
  const refuse = async () => {
    throw new Error("not offered by this stand-in");
  };
  const server = await startGrpcServer("127.0.0.1", 0, [
    {
      definition: intake.IntakeServiceService,
      name: "mediation.intake.v1.IntakeService",
      implementation: {
        listDisputes: unary(logger, async (_request: intake.ListDisputesRequest, call) => {
          const principal = await auth.require(call, ["centre", "supervisor"]);
          accepted.push({ principal, token: String(call.metadata.get("authorization")[0]).slice(7) });
          return intake.ListDisputesResponse.fromPartial({});
        }),
        submitDispute: unary(logger, refuse),
        getDispute: unary(logger, refuse),
        withdrawDispute: unary(logger, refuse),
        recordGuidance: unary(logger, refuse),
      },
    },
  ]);
  return { address: `127.0.0.1:${server.port}`, accepted, stop: () => server.stop(1_000) };
}
