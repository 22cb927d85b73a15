// Starts the four services as separate processes and tells where they listen. `pnpm start`,
// `pnpm demo` and the end-to-end tests all start the centre through this one function.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SERVICE_NODE_FLAGS } from "@mediation/config";
import { developmentSecret } from "../credentials.js";

export const SERVICES = ["intake", "routing", "mediation", "statistics"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = { intake: 50051, routing: 50052, mediation: 50053, statistics: 50054 };

const PORT_VARIABLE: Record<ServiceName, string> = {
  intake: "INTAKE_GRPC_PORT",
  routing: "ROUTING_GRPC_PORT",
  mediation: "MEDIATION_GRPC_PORT",
  statistics: "STATISTICS_GRPC_PORT",
};

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
// Development runs the services' TypeScript through tsx (resolved here so any working directory
// works), with workspace packages resolved to their sources, not their dist/ (docs/deployment.md#the-build).
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const DEVELOPMENT_NODE_ARGS = [...SERVICE_NODE_FLAGS, "--conditions=@mediation/source", "--import", TSX];

export interface CentreOptions {
  /** Event namespace; tests pass a unique one. */
  namespace?: string;
  /** Parent of each service's data folder; default `.data` in the repository. */
  dataDir?: string;
  /** 0 lets the system choose a free port. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Extra environment for every service (e.g. ROSTER_FILE, AUTH_SECRET, PII_KEY). */
  env?: Record<string, string>;
  /** Extra environment for one service (e.g. its own NATS credentials). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Receives every log line a service prints. */
  onLog?: (service: ServiceName, line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningService {
  name: ServiceName;
  address: string;
  process: ChildProcess;
}

export interface RunningCentre {
  addresses: Record<ServiceName, string>;
  /** The key the services verify tokens with: given in `env`, or the local development key. */
  authSecret: string;
  services: Record<ServiceName, RunningService>;
  /** Sends `signal` to one service and waits for it to exit. */
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts a service again on the same port after it was killed. */
  restart(name: ServiceName): Promise<void>;
  /** Starts another replica of a service on a free port, sharing its data and consumers. */
  addReplica(name: ServiceName): Promise<RunningService>;
  /** SIGTERM to every service, and waits for each to exit. */
  stop(): Promise<void>;
}

function startService(name: ServiceName, port: number, options: CentreOptions): Promise<RunningService> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...options.env,
    ...options.serviceEnv?.[name],
    [PORT_VARIABLE[name]]: String(port),
    DATA_DIR: join(options.dataDir ?? join(REPO_ROOT, ".data"), name),
  };
  if (options.namespace) env.EVENT_NAMESPACE = options.namespace;
  const child = spawn(process.execPath, [...DEVELOPMENT_NODE_ARGS, join(REPO_ROOT, "services", name, "src", "main.ts")], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const recent: string[] = [];
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${recent.join("\n")}`));
    }, options.startTimeoutMs ?? 30_000);
    const onLine = (line: string) => {
      if (!line) return;
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLog?.(name, line);
      if (!line.includes('"listening"')) return;
      try {
        const parsed = JSON.parse(line) as { msg?: string; port?: number; host?: string };
        if (parsed.msg === "listening" && parsed.port) {
          clearTimeout(timer);
          resolvePromise({ name, address: `${parsed.host ?? "127.0.0.1"}:${parsed.port}`, process: child });
        }
      } catch {
        // Not a JSON log line.
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      stream?.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        lines.forEach(onLine);
      });
    }
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it listened:\n${recent.join("\n")}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));

/** The keys the services require, and the file under the data folder that holds a local centre's own. */
const DEVELOPMENT_KEYS = { AUTH_SECRET: "dev-auth-secret", PII_KEY: "dev-pii-key", PARTY_KEY_SECRET: "dev-party-key-secret" };

/** Each key from the given environment, else the process's, else the local centre's development one. */
function keysOf(dataDir: string, env: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DEVELOPMENT_KEYS).map(([variable, file]) => [
      variable,
      env[variable] ?? process.env[variable] ?? (developmentSecret(dataDir, true, file) as string),
    ]),
  );
}

export async function startCentre(given: CentreOptions = {}): Promise<RunningCentre> {
  const dataDir = given.dataDir ?? join(REPO_ROOT, ".data");
  const keys = keysOf(dataDir, given.env);
  const authSecret = keys.AUTH_SECRET as string;
  const options: CentreOptions = { ...given, dataDir, env: { ...given.env, ...keys } };
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const services = {} as Record<ServiceName, RunningService>;
  try {
    // Started one by one so a failure names its service plainly; each takes about a second.
    for (const name of SERVICES) services[name] = await startService(name, ports[name], options);
  } catch (error) {
    await Promise.all(
      Object.values(services).map((s) => {
        s.process.kill("SIGTERM");
        return exited(s.process);
      }),
    );
    throw error;
  }
  const addresses = Object.fromEntries(SERVICES.map((name) => [name, services[name].address])) as Record<ServiceName, string>;
  const replicas: RunningService[] = [];
  return {
    addresses,
    authSecret,
    services,
    kill: async (name, signal = "SIGTERM") => {
      const child = services[name].process;
      child.kill(signal);
      return exited(child);
    },
    restart: async (name) => {
      const port = Number(addresses[name].split(":").pop());
      services[name] = await startService(name, port, options);
    },
    addReplica: async (name) => {
      const replica = await startService(name, 0, options);
      replicas.push(replica);
      return replica;
    },
    stop: async () => {
      await Promise.all(
        [...SERVICES.map((name) => services[name]), ...replicas].map(({ process: child }) => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited(child);
        }),
      );
    },
  };
}
