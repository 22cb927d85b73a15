// What deploy/ gives beyond the four services: the web console (image, compose, Kubernetes, with
// every variable its configuration needs), bearer tokens verified with the identity provider's keys
// everywhere (HS256 is for a development centre and deployed nowhere), and /metrics reachable by
// the monitoring namespace.
import { SERVICES } from "@mediation/cli";
import { loadConsoleConfig } from "@mediation/console";
import { describe, expect, it } from "vitest";
import {
  composeEnv,
  composeFile,
  type KubeObject,
  kubeEnv,
  kustomize,
  missingVariables,
  variableNeeds,
} from "../support/deploy-manifests.js";

const OIDC = ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URL"];

/** A value of the right shape for each variable a manifest sets by reference. */
const plausible = (name: string) => (name.endsWith("_URL") ? "https://sso.district.example/realms/mediation" : "set-by-operator");

interface Container {
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
}
const containerOf = (o: KubeObject) => (o.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
const policyOf = (objects: KubeObject[], name: string) =>
  objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === name)?.spec as {
    ingress: Array<{ from?: Array<Record<string, unknown>>; ports: Array<{ port: number }> }>;
    egress: Array<{ ports: Array<{ port: number }> }>;
  };

describe("the console in deploy/", () => {
  it("is run by compose from its image with every variable its configuration needs, and loads with them", async () => {
    const needs = await variableNeeds("console");
    const env = composeEnv(composeFile(), ["console"]).console ?? {};
    expect(composeFile().services.console?.image).toMatch(/^mediation-centre\/console:/);
    expect(missingVariables(needs, Object.keys(env))).toEqual([]);
    expect(Object.keys(env)).toEqual(expect.arrayContaining(OIDC));
    expect(env.CONSOLE_HOST).toBe("0.0.0.0");
    const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith("${") ? plausible(k) : v]));
    expect(loadConsoleConfig(filled).MEDIATION_MEDIATION_ADDR).toBe("mediation:50053");
    // Without the provider's settings the console refuses to start (it has no development key here).
    expect(() => loadConsoleConfig({ ...filled, OIDC_CLIENT_SECRET: undefined })).toThrow(/OIDC_CLIENT_SECRET/);
  });

  for (const dir of ["base", "overlays/production"]) {
    it(`runs on Kubernetes (${dir}) with HTTP probes on /healthz, a PDB, a NetworkPolicy and its variables`, async () => {
      const objects = kustomize(dir);
      const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "console") as KubeObject;
      const container = containerOf(deployment);
      expect(container?.readinessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(container?.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(container?.ports?.find((p) => p.name === "http")?.containerPort).toBe(8080);
      const names = (kubeEnv(objects, ["console"]).console ?? []).map((v) => v.name);
      expect(missingVariables(await variableNeeds("console"), names)).toEqual([]);
      expect(names).toEqual(expect.arrayContaining(OIDC));
      expect(objects.some((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "console")).toBe(true);
      const policy = policyOf(objects, "console");
      expect(policy.ingress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([8080]);
      expect(policy.egress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual(
        expect.arrayContaining([50051, 50052, 50053, 50054, 443]),
      );
    });
  }
});

describe("bearer tokens in deploy/", () => {
  it("compose gives every service the identity provider's keys and issuer, and no HS256 key", () => {
    const env = composeEnv(composeFile());
    for (const service of SERVICES) {
      expect(env[service]?.AUTH_JWKS, service).toMatch(/^\$\{AUTH_JWKS:\?/);
      expect(env[service]?.AUTH_ISSUER, service).toMatch(/^\$\{AUTH_ISSUER:\?/);
      expect(env[service], service).not.toHaveProperty("AUTH_SECRET");
    }
  });

  for (const dir of ["base", "overlays/production"]) {
    it(`Kubernetes (${dir}) takes them from the ConfigMap mediation-config, and nothing deploys AUTH_SECRET`, () => {
      const objects = kustomize(dir);
      const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("mediation-config")) as KubeObject & {
        data: Record<string, string>;
      };
      expect(config.data.AUTH_JWKS).toMatch(/^https:\/\//);
      const env = kubeEnv(objects, [...SERVICES, "console"]);
      for (const service of SERVICES) {
        const jwks = env[service]?.find((v) => v.name === "AUTH_JWKS");
        expect(jwks?.valueFrom?.configMapKeyRef?.name, service).toBe(config.metadata.name);
      }
      const hs256 = Object.entries(env).flatMap(([name, vars]) =>
        (vars ?? []).filter((v) => /^(DEV_)?AUTH_SECRET$/.test(v.name)).map(() => name),
      );
      expect(hs256).toEqual([]);
    });
  }
});

describe("metrics in deploy/", () => {
  it("each service names its metrics port, and its NetworkPolicy lets the monitoring namespace scrape it", () => {
    const objects = kustomize("overlays/production");
    for (const service of SERVICES) {
      const container = containerOf(objects.find((o) => o.kind === "Deployment" && o.metadata.name === service) as KubeObject);
      const port = Number(container?.env?.find((v) => v.name === "METRICS_PORT")?.value);
      expect(container?.ports?.find((p) => p.name === "metrics")?.containerPort, service).toBe(port);
      const scrape = policyOf(objects, service).ingress.find((rule) => rule.ports.some((p) => p.port === port));
      expect(JSON.stringify(scrape?.from), service).toContain('"kubernetes.io/metadata.name":"monitoring"');
    }
  });
});
