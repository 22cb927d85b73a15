import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// A project per package, per service and for the system tests in test/, each named after its
// package.json; all take the settings below (`extends: true`), so none needs a config of its own.
const roots = ["packages", "services"].flatMap((dir) => readdirSync(dir).map((name) => `${dir}/${name}`)).concat("test");
const packageName = (root: string): string => JSON.parse(readFileSync(`${root}/package.json`, "utf8")).name;

// Workspace packages export their TypeScript sources under the "@mediation/source" condition and
// their compiled dist/ otherwise (docs/deployment.md#the-build): tests run the sources. The rest are
// Vitest's own defaults for Node.
const conditions = ["@mediation/source", "node", "development|production"];

export default defineConfig({
  ssr: { resolve: { conditions } },
  test: {
    projects: roots.map((root) => ({ extends: true, root, test: { name: packageName(root) } })),
    include: ["**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
