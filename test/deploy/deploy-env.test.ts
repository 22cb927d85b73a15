// Every service in compose and Kubernetes gets each variable its configuration requires (a zod
// schema entry without a default), and each one whose default would dial this machine (127.0.0.1:
// NATS, Redis, the gRPC bind address): a service that lacks one refuses to start, or hangs.
import { SERVICES, type ServiceName } from "@mediation/cli";
import { beforeAll, describe, expect, it } from "vitest";
import {
  composeEnv,
  composeFile,
  kubeEnv,
  kustomize,
  missingVariables,
  type VariableNeeds,
  variableNeeds,
} from "../support/deploy-manifests.js";

const needs = {} as Record<ServiceName, VariableNeeds>;

beforeAll(async () => {
  for (const service of SERVICES) needs[service] = await variableNeeds(service);
});

describe("the variables each service's configuration requires", () => {
  it("are read from the zod schemas: intake's keys are required, REDIS_URL defaults to this machine", () => {
    expect(needs.intake.required).toEqual(expect.arrayContaining(["PII_KEY", "PARTY_KEY_SECRET"]));
    expect(needs.mediation.loopbackDefault).toContain("REDIS_URL");
    expect(needs.statistics.loopbackDefault).toContain("REDIS_URL");
    expect(needs.intake.loopbackDefault).not.toContain("REDIS_URL");
  });

  it("are found missing when an environment lacks one (the check can fail)", () => {
    expect(missingVariables(needs.mediation, ["NATS_URL", "GRPC_HOST"])).toEqual(expect.arrayContaining(["REDIS_URL"]));
    expect(missingVariables(needs.intake, ["NATS_URL", "GRPC_HOST"])).toEqual(expect.arrayContaining(["PII_KEY", "PARTY_KEY_SECRET"]));
  });

  it("are all given to each service by deploy/compose.yaml", () => {
    const env = composeEnv(composeFile());
    for (const service of SERVICES) expect(missingVariables(needs[service], Object.keys(env[service] ?? {})), service).toEqual([]);
  });

  for (const dir of ["base", "overlays/production"]) {
    it(`are all given to each Deployment by deploy/k8s/${dir}`, () => {
      const env = kubeEnv(kustomize(dir));
      for (const service of SERVICES)
        expect(
          missingVariables(
            needs[service],
            (env[service] ?? []).map((v) => v.name),
          ),
          service,
        ).toEqual([]);
    });
  }

  it("include intake's keys, from Secrets, everywhere", () => {
    const compose = composeEnv(composeFile());
    const kube = kubeEnv(kustomize("overlays/production"));
    for (const name of ["PII_KEY", "PARTY_KEY_SECRET"]) {
      expect(compose.intake?.[name], name).toMatch(/^\$\{[A-Z_]+:\?/);
      expect(kube.intake?.find((v) => v.name === name)?.valueFrom?.secretKeyRef?.name, name).toBe("mediation-secrets");
    }
  });

  it("give each service its own NATS user", () => {
    const compose = composeEnv(composeFile());
    const kube = kubeEnv(kustomize("base"));
    for (const service of SERVICES) {
      expect(compose[service]?.NATS_USER, service).toBe(service);
      expect(kube[service]?.find((v) => v.name === "NATS_USER")?.value, service).toBe(service);
      expect(kube[service]?.find((v) => v.name === "NATS_PASSWORD")?.valueFrom?.secretKeyRef?.key, service).toBe(
        `${service.toUpperCase()}_NATS_PASSWORD`,
      );
    }
  });
});
