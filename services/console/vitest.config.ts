import { defineProject } from "vitest/config";

export default defineProject({
  test: { include: ["test/**/*.test.ts", "**/*.test.ts"], exclude: ["**/node_modules/**"], testTimeout: 30_000, hookTimeout: 90_000 },
});
