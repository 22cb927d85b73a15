// docs/architecture.md#services: no service imports another service's code; domain code does no I/O
// and imports nothing from adapters; main.ts only wires.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT, SERVICES } from "@mediation/cli";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] as string);

describe("service boundaries", () => {
  for (const service of SERVICES) {
    const root = join(REPO_ROOT, "services", service);
    it(`${service} imports no other service's code`, () => {
      const offending = sources(join(root, "src")).flatMap((file) =>
        importsOf(file)
          .filter((spec) => {
            if (SERVICES.some((other) => other !== service && spec === `@mediation/${other}`)) return true;
            if (!spec.startsWith(".")) return false;
            return !resolve(dirname(file), spec).startsWith(root);
          })
          .map((spec) => `${relative(REPO_ROOT, file)} imports ${spec}`),
      );
      expect(offending).toEqual([]);
    });

    it(`${service}'s domain does no I/O and knows no adapter`, () => {
      const offending = sources(join(root, "src", "domain")).flatMap((file) =>
        importsOf(file)
          .filter(
            (spec) =>
              /adapters|application/.test(spec) ||
              /^(node:)?(fs|net|http|https|dgram|child_process|worker_threads)$/.test(spec) ||
              /^@(grpc|nats-io|opentelemetry)\/|^mongodb|^better-sqlite3|^bullmq|^ioredis|^uuid$/.test(spec) ||
              // From our packages, only the contracts' pure subpath: codes, errors, calendar.
              (spec.startsWith("@mediation/") && spec !== "@mediation/contracts/domain"),
          )
          .map((spec) => `${relative(REPO_ROOT, file)} imports ${spec}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it("the contracts' domain subpath reaches no generated code and no gRPC", () => {
    const seen = new Set<string>();
    const visit = (file: string): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      return importsOf(file).flatMap((spec) =>
        spec.startsWith(".")
          ? visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")))
          : [`${relative(REPO_ROOT, file)} imports ${spec}`],
      );
    };
    const reached = visit(join(REPO_ROOT, "packages", "contracts", "src", "domain.ts"));
    expect(reached).toEqual([]);
    expect([...seen].filter((file) => file.includes(`${join("src", "gen")}`))).toEqual([]);
  });

  it("application code takes the outbox without the NATS client", () => {
    const offending = SERVICES.flatMap((service) =>
      sources(join(REPO_ROOT, "services", service, "src", "application")).flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec === "@mediation/bus" || /^@nats-io\//.test(spec))
          .map((spec) => `${relative(REPO_ROOT, file)} imports ${spec}`),
      ),
    );
    expect(offending).toEqual([]);
  });

  it("each service keeps its data in its own folder or database", () => {
    for (const service of SERVICES) {
      const main = readFileSync(join(REPO_ROOT, "services", service, "src", "main.ts"), "utf8");
      // The service's parts (packages/runtime/src/service-parts.ts) open its store under its own name.
      expect(main).toContain(`serviceParts(host, "${service}"`);
    }
  });
});
