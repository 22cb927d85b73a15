import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built into ../dist/web, which the console serves. Each role's page is its own chunk.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL("../dist/web", import.meta.url)), emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 2000 },
  logLevel: "warn",
});
