// deploy/ checked against its schemas: every object `kubectl kustomize` renders for the base and the
// production overlay validates as a Kubernetes object (kubernetes-models), and deploy/compose.yaml
// validates against the Compose Specification's JSON schema (shipped in test/deploy/schema, with Ajv).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SERVICES } from "@mediation/cli";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { composeFile, DEPLOY, type KubeObject, kustomize } from "../support/deploy-manifests.js";

/** Builds the kubernetes-models object for a rendered one and validates it (throws when invalid). */
async function validateKube(object: KubeObject): Promise<void> {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const models = (await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`)) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  const Model = models[object.kind];
  if (!Model) throw new Error(`no Kubernetes model for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

/** The Compose Specification's own schema, shipped in test/deploy/schema (Apache-2.0, see NOTICE there). */
function composeValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, "schema", "compose-spec.json"), "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schema names draft-07 by its https address; Ajv ships draft-07 under the http one.
  const draft7 = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("ajv/dist/refs/json-schema-draft-07.json"), "utf8"));
  ajv.addMetaSchema({ ...draft7, $id: schema.$schema });
  return ajv.compile(schema);
}

type Pod = {
  securityContext?: { runAsNonRoot?: boolean };
  containers: Array<{
    name: string;
    ports?: Array<{ containerPort: number }>;
    readinessProbe?: { grpc?: { port: number } };
    livenessProbe?: { grpc?: { port: number } };
    resources?: { requests?: object; limits?: { memory?: string } };
    securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  }>;
};
const podOf = (o: KubeObject) => (o.spec as { template: { spec: Pod } }).template.spec;
const selects = (o: KubeObject, name: string) =>
  JSON.stringify(o.spec?.selector ?? o.spec?.podSelector ?? {}).includes(`"app.kubernetes.io/name":"${name}"`);

for (const dir of ["base", "overlays/production"]) {
  describe(`Kubernetes: kubectl kustomize deploy/k8s/${dir}`, () => {
    const objects = kustomize(dir);

    it("renders objects that each validate against the Kubernetes schemas", async () => {
      expect(objects.length).toBeGreaterThan(15);
      for (const object of objects) await expect(validateKube(object), `${object.kind} ${object.metadata.name}`).resolves.toBeUndefined();
    });

    it("and the validation refuses a broken object (it is not a formality)", async () => {
      const deployment = structuredClone(objects.find((o) => o.kind === "Deployment")) as KubeObject;
      (deployment.spec as Record<string, unknown>).replicas = "two";
      await expect(validateKube(deployment)).rejects.toThrow(/replicas/);
    });

    it("runs each service with gRPC health probes, resources, a locked-down container, a PDB and a NetworkPolicy", () => {
      for (const service of SERVICES) {
        const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === service) as KubeObject;
        expect(deployment, service).toBeDefined();
        const pod = podOf(deployment);
        const [container] = pod.containers;
        const port = container?.ports?.[0]?.containerPort;
        expect(container?.readinessProbe?.grpc?.port, service).toBe(port);
        expect(container?.livenessProbe?.grpc?.port, service).toBe(port);
        expect(container?.resources?.requests, service).toBeDefined();
        expect(container?.resources?.limits?.memory, service).toBeDefined();
        expect(pod.securityContext?.runAsNonRoot, service).toBe(true);
        expect(container?.securityContext, service).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
        expect(container?.securityContext?.capabilities?.drop, service).toEqual(["ALL"]);
        expect(
          objects.some((o) => o.kind === "PodDisruptionBudget" && selects(o, service)),
          `${service} PDB`,
        ).toBe(true);
        expect(
          objects.some((o) => o.kind === "NetworkPolicy" && selects(o, service)),
          `${service} NetworkPolicy`,
        ).toBe(true);
      }
    });

    it("references Secrets and never carries one", () => {
      expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
      for (const o of objects.filter((o) => o.kind === "Deployment" || o.kind === "Job"))
        for (const c of podOf(o).containers as Array<{ env?: Array<{ name: string; value?: string }> }>)
          for (const v of c.env ?? [])
            if (/SECRET|PASSWORD|_KEY$|MONGO_URL|REDIS_URL/.test(v.name)) expect(v.value, `${o.metadata.name} ${v.name}`).toBeUndefined();
    });

    it("provisions the streams with three replicas", () => {
      const streams = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("nats-streams")) as KubeObject & {
        data: Record<string, string>;
      };
      expect(Object.keys(streams.data).sort()).toEqual(["MEDIATION_DEADLETTER.json", "MEDIATION_EVENTS.json"]);
      for (const text of Object.values(streams.data)) expect(JSON.parse(text).num_replicas).toBe(3);
      expect(objects.some((o) => o.kind === "Job" && o.metadata.name === "nats-streams")).toBe(true);
    });
  });
}

describe("Compose: deploy/compose.yaml", () => {
  const validate = composeValidator();
  const compose = composeFile();

  it("validates against the Compose Specification schema", () => {
    expect(validate(compose), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it("and the schema refuses a misspelt key (it is not a formality)", () => {
    const broken = structuredClone(compose);
    (broken.services.redis as Record<string, unknown>).dependson = ["mongo"];
    expect(validate(broken)).toBe(false);
  });

  it("runs Redis with AOF and noeviction, and starts services only on an initiated replica set and provisioned streams", () => {
    const redis = ((compose.services.redis?.command ?? []) as string[]).join(" ");
    expect(redis).toContain("--appendonly yes");
    expect(redis).toContain("--maxmemory-policy noeviction");
    expect(compose.services.mongo?.healthcheck).toBeDefined();
    for (const service of SERVICES) {
      const s = compose.services[service] as Record<string, unknown>;
      expect(s.depends_on, service).toMatchObject({
        mongo: { condition: "service_healthy" },
        "nats-provision": { condition: "service_completed_successfully" },
      });
      expect(s.read_only, service).toBe(true);
      expect(s.image, service).toMatch(new RegExp(`^mediation-centre/${service}:`));
    }
  });

  it("takes every secret from the env file, and .env.example names each one", () => {
    const text = readFileSync(join(DEPLOY, "compose.yaml"), "utf8");
    const example = readFileSync(join(DEPLOY, ".env.example"), "utf8");
    const variables = new Set([...text.matchAll(/\$\{([A-Z_]+)[:?}]/g)].map((m) => m[1] as string));
    expect(variables.size).toBeGreaterThan(5);
    for (const name of variables) expect(example, name).toMatch(new RegExp(`^${name}=$`, "m"));
    for (const [service, s] of Object.entries(compose.services))
      for (const [name, value] of Object.entries((s.environment ?? {}) as Record<string, string>))
        if (/SECRET|PASSWORD|_KEY$/.test(name)) expect(value, `${service} ${name}`).toMatch(/^\$\{[A-Z_]+:\?/);
  });
});
