// The image starts each service with the same Node.js flags as `pnpm start` and the benchmark
// (packages/config/src/node-flags.ts), so that the memory measured is the memory deployed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_NODE_FLAGS } from "@mediation/config";
import { describe, expect, it } from "vitest";

const dockerfile = readFileSync(join(import.meta.dirname, "..", "..", "deploy", "Dockerfile"), "utf8");

describe("the services' Node.js flags", () => {
  it("are the image's CMD, before the service's entry point", () => {
    const cmd = dockerfile.split("\n").find((line) => line.startsWith("CMD "));
    expect(cmd, "deploy/Dockerfile has no CMD line").toBeDefined();
    expect(JSON.parse((cmd as string).slice(4))).toEqual([...SERVICE_NODE_FLAGS, "dist/main.js"]);
  });

  it("are flags this Node.js accepts", async () => {
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync(process.execPath, [...SERVICE_NODE_FLAGS, "-e", "process.stdout.write('ran')"], { encoding: "utf8" });
    expect(out).toBe("ran");
  });
});
