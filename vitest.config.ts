import { defineConfig } from "vitest/config";

// One root config with a project per package and service (turborepo's with-vitest layout).
export default defineConfig({
  test: {
    projects: ["packages/*", "services/*", "test"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
