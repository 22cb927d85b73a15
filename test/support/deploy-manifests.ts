// Reads what deploy/ declares: the objects `kubectl kustomize` renders for a directory, the compose
// file, and each service's environment in both, for the deployment tests.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, SERVICES, type ServiceName } from "@mediation/cli";
import { parse, parseAllDocuments } from "yaml";

export const DEPLOY = join(REPO_ROOT, "deploy");

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

const rendered = new Map<string, KubeObject[]>();

/** The objects `kubectl kustomize <dir>` renders (dir relative to deploy/k8s); rendered once per run. */
export function kustomize(dir: string): KubeObject[] {
  const known = rendered.get(dir);
  if (known) return structuredClone(known);
  const out = execFileSync("kubectl", ["kustomize", join(DEPLOY, "k8s", dir)], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const objects = parseAllDocuments(out)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
  rendered.set(dir, objects);
  return structuredClone(objects);
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}

interface Container {
  name: string;
  env?: EnvVar[];
}

/** Each service's (or each named Deployment's) container environment in rendered Kubernetes objects. */
export function kubeEnv<N extends string = ServiceName>(
  objects: KubeObject[],
  names: readonly N[] = SERVICES as readonly string[] as readonly N[],
): Partial<Record<N, EnvVar[]>> {
  const env: Partial<Record<N, EnvVar[]>> = {};
  for (const o of objects) {
    if (o.kind !== "Deployment" || !names.includes(o.metadata.name as N)) continue;
    const containers = (o.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
    env[o.metadata.name as N] = containers.flatMap((c) => c.env ?? []);
  }
  return env;
}

export interface ComposeFile {
  services: Record<string, { environment?: Record<string, string> | string[]; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** deploy/compose.yaml as compose reads it, with YAML merge keys applied. */
export function composeFile(text = readFileSync(join(DEPLOY, "compose.yaml"), "utf8")): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** Each service's (or each named one's) environment in the compose file, name → value as written. */
export function composeEnv<N extends string = ServiceName>(
  compose: ComposeFile,
  names: readonly N[] = SERVICES as readonly string[] as readonly N[],
): Partial<Record<N, Record<string, string>>> {
  const env: Partial<Record<N, Record<string, string>>> = {};
  for (const service of names) {
    const given = compose.services[service]?.environment;
    if (!given) continue;
    env[service] = Array.isArray(given)
      ? Object.fromEntries(given.map((pair) => [pair.split("=")[0] as string, pair.split("=").slice(1).join("=")]))
      : Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)]));
  }
  return env;
}

export interface VariableNeeds {
  /** No default: the service refuses to start without it. */
  required: string[];
  /** The default points at this machine (127.0.0.1): wrong in any container. */
  loopbackDefault: string[];
}

type Shape = Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;

/** What each service's (or the console's) configuration schema (services/<name>/src/config.ts) needs from its environment. */
export async function variableNeeds(service: ServiceName | "console"): Promise<VariableNeeds> {
  const module = (await import(pathToFileURL(join(REPO_ROOT, "services", service, "src", "config.ts")).href)) as Record<string, Shape>;
  const shape = module[`${service}ConfigSchema`];
  if (!shape) throw new Error(`services/${service}/src/config.ts exports no ${service}ConfigSchema`);
  const needs: VariableNeeds = { required: [], loopbackDefault: [] };
  for (const [name, schema] of Object.entries(shape)) {
    const unset = schema.safeParse(undefined);
    if (!unset.success) needs.required.push(name);
    else if (typeof unset.data === "string" && /127\.0\.0\.1|localhost/.test(unset.data)) needs.loopbackDefault.push(name);
  }
  return needs;
}

/** The variables a service's environment lacks: what it requires, and what would dial this machine. */
export function missingVariables(needs: VariableNeeds, given: string[]): string[] {
  return [...needs.required, ...needs.loopbackDefault].filter((name) => !given.includes(name));
}
