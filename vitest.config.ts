import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// A project per package, per service and for the system tests in test/, each named after its
// package.json; all take the settings below (`extends: true`), so none needs a config of its own.
const roots = ["packages", "services"].flatMap((dir) => readdirSync(dir).map((name) => `${dir}/${name}`)).concat("test");
const packageName = (root: string): string => JSON.parse(readFileSync(`${root}/package.json`, "utf8")).name;

export default defineConfig({
  test: {
    projects: roots.map((root) => ({ extends: true, root, test: { name: packageName(root) } })),
    include: ["**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
