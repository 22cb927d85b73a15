// gRPC over TLS from configuration (docs/deployment.md#grpc-over-tls): routing serves with
// GRPC_TLS_CERT and GRPC_TLS_KEY (and, for mutual TLS, GRPC_TLS_CLIENT_CA), and the real `mediation`
// command reaches it with MEDIATION_TLS_CA (and MEDIATION_TLS_CERT / MEDIATION_TLS_KEY). A plaintext
// client is refused, and under mutual TLS so is a client without a certificate.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "@mediation/cli";
import { serviceAudience } from "@mediation/config";
import { signToken } from "@mediation/grpc-kit";
import { type TempDir, tempDir, uniqueName } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteStreams, NATS_URL, testKeys } from "../support/centre-fixture.js";
import { makeCertificates } from "../support/certificates.js";
import { type ServiceProcess, startServiceProcess } from "../support/service-process.js";

const MAIN = join(REPO_ROOT, "packages", "cli", "src", "main.ts");
const DEVELOPMENT = ["--conditions=@mediation/source", "--import", "tsx"];
// Each run is a new Node process compiling the CLI from its sources (a test runs two, and starts routing).
const RUN_TIMEOUT_MS = 240_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("gRPC over TLS, with the mediation command as the client", { timeout: RUN_TIMEOUT_MS }, () => {
  const namespace = uniqueName("grpctls");
  const keys = testKeys();
  let certs: TempDir;
  let data: TempDir;
  let token: string;
  const file = (name: string) => join(certs.path, name);

  /** Starts routing from its sources with the given TLS settings. */
  async function startRouting(tls: Record<string, string>): Promise<{ service: ServiceProcess; address: string }> {
    const service = startServiceProcess([...DEVELOPMENT, join(REPO_ROOT, "services", "routing", "src", "main.ts")], REPO_ROOT, {
      PATH: process.env.PATH,
      ...keys,
      NATS_URL,
      EVENT_NAMESPACE: namespace,
      DATA_DIR: data.path,
      ROUTING_GRPC_PORT: "0",
      ...tls,
    });
    // By the name in its certificate: TLS names a server by its DNS name (an IP address as the name is deprecated).
    const port = (await service.address).split(":").pop();
    return { service, address: `localhost:${port}` };
  }

  /** `mediation route explain --category FAMILY --json` against routing at `address`, with the given TLS settings. */
  function explainRoute(address: string, tls: Record<string, string>): Promise<Run> {
    const env = { PATH: process.env.PATH, MEDIATION_TOKEN: token, MEDIATION_ROUTING_ADDR: address, ...tls };
    const child = spawn(process.execPath, [...DEVELOPMENT, MAIN, "route", "explain", "--category", "FAMILY", "--json"], {
      cwd: REPO_ROOT,
      env,
    });
    const run: Run = { code: null, stdout: "", stderr: "" };
    child.stdout.on("data", (chunk) => (run.stdout += chunk));
    child.stderr.on("data", (chunk) => (run.stderr += chunk));
    return new Promise((resolve) => child.once("close", (code) => resolve({ ...run, code })));
  }

  const answered = (run: Run) => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).channel).toMatch(/PEOPLES_MEDIATION$/);
  };
  const refused = (run: Run) => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^mediation: the centre does not answer/);
    expect(run.stdout).toBe("");
  };

  beforeAll(async () => {
    certs = tempDir("grpc-tls-");
    makeCertificates(certs.path, "clerk-1");
    data = tempDir("grpc-tls-data-");
    token = await signToken(
      { subject: "clerk-1", role: "centre", centreCode: "JD01" },
      { secret: keys.AUTH_SECRET, issuer: "mediation-centre", audience: serviceAudience("routing") },
      "10m",
    );
  });

  afterAll(async () => {
    certs?.remove();
    data?.remove();
    await deleteStreams(namespace);
  });

  it("answers the command over TLS when it trusts the CA, and refuses it in plaintext", async () => {
    const { service, address } = await startRouting({ GRPC_TLS_CERT: file("server.pem"), GRPC_TLS_KEY: file("server.key") });
    try {
      answered(await explainRoute(address, { MEDIATION_TLS_CA: file("ca.pem") }));
      refused(await explainRoute(address, {}));
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });

  it("with GRPC_TLS_CLIENT_CA, answers a command with a client certificate and refuses one without", async () => {
    const { service, address } = await startRouting({
      GRPC_TLS_CERT: file("server.pem"),
      GRPC_TLS_KEY: file("server.key"),
      GRPC_TLS_CLIENT_CA: file("ca.pem"),
    });
    try {
      answered(
        await explainRoute(address, {
          MEDIATION_TLS_CA: file("ca.pem"),
          MEDIATION_TLS_CERT: file("client.pem"),
          MEDIATION_TLS_KEY: file("client.key"),
        }),
      );
      refused(await explainRoute(address, { MEDIATION_TLS_CA: file("ca.pem") }));
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });

  it("refuses to start with a certificate but no key, naming both settings", async () => {
    const service = startServiceProcess([...DEVELOPMENT, join(REPO_ROOT, "services", "routing", "src", "main.ts")], REPO_ROOT, {
      PATH: process.env.PATH,
      ...keys,
      NATS_URL,
      EVENT_NAMESPACE: namespace,
      DATA_DIR: data.path,
      ROUTING_GRPC_PORT: "0",
      GRPC_TLS_CERT: file("server.pem"),
    });
    expect(await service.exited).toBe(1);
    expect(service.lines.join("\n")).toContain("GRPC_TLS_CERT and GRPC_TLS_KEY: set both or neither");
  });

  it("stops the command naming a CA file it cannot read", async () => {
    const run = await explainRoute("127.0.0.1:1", { MEDIATION_TLS_CA: file("missing.pem") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`MEDIATION_TLS_CA: cannot read ${file("missing.pem")} (ENOENT)`);
  });
});
