// The production build as deploy/Dockerfile makes it (docs/deployment.md#the-build): turbo runs
// `tsc -b` in every package and service, `pnpm deploy --prod` copies one service with only its
// production dependencies, and plain `node dist/main.js` (no tsx, no loader, no source condition)
// serves grpc.health.v1 against the real NATS and Redis, then stops on SIGTERM.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@mediation/cli";
import { checkHealth } from "@mediation/grpc-kit";
import { type TempDir, tempDir, uniqueName, waitFor } from "@mediation/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteStreams, flushQueues, NATS_URL, REDIS_URL, testKeys } from "../support/centre-fixture.js";
import { startServiceProcess } from "../support/service-process.js";

const run = promisify(execFile);
// A cold build takes about three minutes on two busy cores; from turbo's cache, seconds.
const BUILD_TIMEOUT_MS = 600_000;
// The console's build also bundles its web app into dist/web, which the console's own tests build
// and serve while this runs: it is left out here, so the two never write that folder at once.
const CONSOLE = "@mediation/console";
const PROJECTS = ["packages", "services"]
  .flatMap((dir) => readdirSync(join(REPO_ROOT, dir)).map((name) => join(REPO_ROOT, dir, name)))
  .filter((dir) => existsSync(join(dir, "package.json")));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  exports?: Record<string, Record<string, string>>;
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

describe("the production build", () => {
  let out: TempDir;
  const app = () => join(out.path, "app");

  beforeAll(async () => {
    const options = { cwd: REPO_ROOT, timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 };
    await run("pnpm", ["exec", "turbo", "run", "build", `--filter=!${CONSOLE}`, "--output-logs=errors-only"], {
      ...options,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    });
    out = tempDir("deploy-build-");
    await run("pnpm", ["--filter", "@mediation/mediation", "deploy", "--prod", "--prefer-offline", app()], options);
  }, BUILD_TIMEOUT_MS + 60_000);

  afterAll(() => out?.remove());

  it("references, in each tsconfig.build.json, exactly the workspace packages its package.json depends on", () => {
    const dirOf = new Map(PROJECTS.map((dir) => [manifest(dir).name, dir]));
    for (const dir of PROJECTS) {
      const dependencies = Object.keys(manifest(dir).dependencies ?? {}).filter((name) => dirOf.has(name));
      const expected = dependencies.map((name) => join(dirOf.get(name) as string, "tsconfig.build.json")).sort();
      const config = JSON.parse(readFileSync(join(dir, "tsconfig.build.json"), "utf8")) as { references: Array<{ path: string }> };
      expect(config.references.map((r) => join(dir, r.path)).sort(), manifest(dir).name).toEqual(expected);
    }
  });

  it("compiles every package and service with tsc -b, and every export has its JavaScript and declarations in dist/", () => {
    for (const dir of PROJECTS) {
      const { name, scripts, exports = {} } = manifest(dir);
      expect(scripts?.build, name).toMatch(/^tsc -b tsconfig\.build\.json( &&|$)/);
      if (name === CONSOLE) continue;
      for (const [path, entry] of Object.entries(exports)) {
        for (const condition of ["@mediation/source", "types", "default"]) {
          const target = entry[condition];
          expect(target, `${name} ${path} ${condition}`).toBeDefined();
          expect(existsSync(join(dir, target as string)), `${name} ${path} → ${target}`).toBe(true);
        }
        expect(entry.default, `${name} ${path}`).toMatch(/^\.\/dist\/.*\.js$/);
      }
      if (dir.includes("/services/")) expect(existsSync(join(dir, "dist", "main.js")), name).toBe(true);
    }
  });

  it("deploys only what the service runs: dist/, its data files and production dependencies, no sources and no tsx", () => {
    const has = (path: string) => existsSync(join(app(), path));
    expect(["dist/main.js", "roster.json", "calendar", "node_modules/@mediation/bus/dist/index.js"].filter((p) => !has(p))).toEqual([]);
    expect(["src", "test", "tsconfig.json", "node_modules/tsx", "node_modules/@mediation/bus/src"].filter(has)).toEqual([]);
    expect(readdirSync(join(app(), "node_modules", ".pnpm")).filter((dir) => /^(tsx|typescript|vitest)@/.test(dir))).toEqual([]);
  });

  it("runs as plain `node dist/main.js`: SERVING on grpc.health.v1, and exits 0 on SIGTERM", async () => {
    const namespace = uniqueName("build");
    const data = tempDir("deploy-build-data-");
    const service = startServiceProcess(["dist/main.js"], app(), {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      ...testKeys(),
      NATS_URL,
      REDIS_URL,
      EVENT_NAMESPACE: namespace,
      DATA_DIR: data.path,
      MEDIATION_GRPC_PORT: "0",
    });
    try {
      const address = await service.address;
      expect(await waitFor(async () => (await checkHealth(address)) || undefined, { timeoutMs: 20_000, what: "SERVING" })).toBe(true);
      expect(await service.stop()).toBe(0);
      expect(service.lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line).msg)).toEqual(
        expect.arrayContaining(["listening", "shutting down", "stopped"]),
      );
      expect(await checkHealth(address, 500)).toBe(false);
    } finally {
      await service.stop();
      data.remove();
      await flushQueues(namespace);
      await deleteStreams(namespace);
    }
  }, 60_000);
});
